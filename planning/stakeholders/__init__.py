"""The stakeholder map (Net-Map) stage."""
