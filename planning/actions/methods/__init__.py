"""Pure methods of the action-plan stage: plain inputs in, plain data and findings out.

``model`` holds the input types, ``vocab`` the codes, ``reference`` the shipped data (bidang
codes, a year's Dana Desa rules), ``checks`` the findings, ``budget`` the totals and the ceiling,
``allocation`` the vote-based rules (through pabutools), ``raci`` the RACI matrix and ``tables``
the logframe, RKP Desa, DU-RKPDesa, information board and Gantt data. Nothing here stores,
draws or translates: words are :class:`planning.errors.Msg` written later in either language.
"""
