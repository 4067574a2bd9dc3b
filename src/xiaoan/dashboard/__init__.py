"""The command dashboard (指挥看板): key figures, charts, district ranking, fishbone diagrams."""
