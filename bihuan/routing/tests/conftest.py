import pytest


@pytest.fixture(autouse=True)
def _sla_defaults(request):
    """Default calendar and policies: a transactional test elsewhere may have flushed the migration's rows."""
    if request.node.get_closest_marker("django_db") is None:
        return
    from bihuan.routing.services.seed import seed_sla_defaults

    seed_sla_defaults()
