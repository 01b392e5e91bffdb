"""The follow-up's pure methods: no store, no language, doctested on hand-worked cases.

``lights`` (indicators and activities: green, amber, red), ``money`` (realisation, money ahead
of work), ``msc`` (the Most Significant Change selection), ``scorecard`` (the community score
card's change and gaps), ``mapdiff`` (the partnership map between two rounds) and ``outcomes``
(participation, kemandirian and quality of life over the rounds).
"""
