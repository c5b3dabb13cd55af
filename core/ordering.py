"""Reordering rows whose ``order`` is unique among their siblings (criteria of a matrix, members
of one role in a roster): one swap, used by every "move up / move down" button."""

from django.db.models import Max, Model, QuerySet


def swap_with_neighbour(siblings: QuerySet, row: Model, up: bool) -> bool:
    """Swap ``row``'s ``order`` with the sibling just above (``up``) or below it; False when there
    is none. The caller holds the lock that serialises writers of these rows.

    ``order`` is unique among siblings, so the row is parked on a free number first; ``update()``
    leaves no history row for that step, so each row's history shows one move.
    """
    if up:
        neighbour = siblings.filter(order__lt=row.order).order_by("-order").first()
    else:
        neighbour = siblings.filter(order__gt=row.order).order_by("order").first()
    if neighbour is None:
        return False
    mine, theirs = row.order, neighbour.order
    free = siblings.aggregate(last=Max("order"))["last"] + 1
    type(row)._default_manager.filter(pk=row.pk).update(order=free)
    neighbour.order = mine
    neighbour.save(update_fields=["order"])
    row.order = theirs
    row.save(update_fields=["order"])
    return True
