"""The router all hazard-elimination endpoints hang on."""

from ninja import Router

router = Router()
