"""Partners that depend on the need: its category and resources matched against what actors
hold and work on, and the map's paths to the community group it concerns."""

from planning.stakeholders.assessment import analyse


def _by_title(demo):
    return {n.title: n for n in analyse(demo).partners}


def test_do_the_road_the_water_and_stunting_get_different_partners_each_with_a_reason(demo):
    """On the demo, do the road, the water and the stunting needs get different partner
    lists, and does every partner say why (what it offers, and for most the path it opens)?"""
    found = _by_title(demo)
    road = found["Jalan dusun rusak menuju Sukasari"]
    water = found["Air bersih sulit didapat saat kemarau"]
    stunting = found["Banyak balita stunting"]
    lists = [tuple(p.name for p in n.partners) for n in (road, water, stunting)]
    assert len(set(lists)) == 3, lists
    for need in (road, water, stunting):
        for p in need.partners:
            text = p.reason.text("en")
            assert text.startswith(p.name) and "it offers" in text
    # The health centre is a stunting partner, not the road's technical and financial support.
    assert "Puskesmas" in lists[2]
    assert next(p.name for p in road.partners if p.strategy == "support") != "Puskesmas"
    assert any("Kelompok Tani Sumber Rejeki" in p.reason.text("id") for p in road.partners)


def test_does_naming_the_group_a_need_concerns_change_its_partners(demo):
    """Does the group the need concerns, named by the group, steer the suggestions towards the
    actors that reach it, and does removing that group leave the need without one?"""
    from planning.stakeholders import commands

    title = "Jalan dusun rusak menuju Sukasari"
    [need] = [n for n in demo.records("needs") if n.title == title]
    [said] = [r for r in demo.records("need_resources") if r.need == need.id]
    group = demo.get("stakeholders", said.group)
    assert group.name == "Kelompok Tani Sumber Rejeki"
    commands.remove(demo, "stakeholders", group.id)
    [said] = [r for r in demo.records("need_resources") if r.need == need.id]
    assert said.group == ""
    reasons = [p.reason.text("en") for p in _by_title(demo)[title].partners]
    assert reasons and not any("Kelompok Tani Sumber Rejeki" in r for r in reasons)


def test_does_the_suggestions_panel_name_the_group_a_need_concerns(demo):
    """Does the panel store the group chosen for a need, keep it when only the resources
    change, and show the partners' reasons with the path to it?"""
    from planning import widgets

    panel = widgets.SuggestionsPanel(demo)
    title = "Air bersih sulit didapat saat kemarau"
    panel.save_need(title, ["technical", "funding"], "PKK")
    assert "PKK" in panel.html
    panel.save_need(title, ["technical", "facilities"])
    [need] = [n for n in demo.records("needs") if n.title == title]
    [said] = [r for r in demo.records("need_resources") if r.need == need.id]
    assert demo.get("stakeholders", said.group).name == "PKK"
    assert said.resources == "technical,facilities"
