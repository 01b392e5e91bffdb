"""Forms and panels for the notebooks: one small class per form, only these import ipywidgets."""
