"""The live workshop: the room's shared state, ``planning serve`` and ``planning lab``.

``state`` holds what every kernel shares (the open step, who holds which name, the join
address); ``serve`` runs Voila for the room (code page, preheated kernels, culling); ``lab``
runs JupyterLab for the facilitator; ``qr`` draws the join address. Nothing here names a
stage: the steps come from each stage's ``STAGE.steps``.
"""
