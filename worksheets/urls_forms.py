"""Form 1, the sufficiency-economy form and the Knowledge Vision."""

urlpatterns: list = []
