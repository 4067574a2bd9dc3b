"""The dashboard counts hazards built through the hazard services, so it
borrows the hazard fixtures."""

from tests.hazards.conftest import (  # noqa: F401
    brigade,
    close_hazard,
    colleague,
    inspect,
    make_hazard,
    make_place,
    neighbour_brigade,
    office,
    place,
)
