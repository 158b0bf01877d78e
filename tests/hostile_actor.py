"""The hostile test actor of the map tests: a new network whose names are markup.

``HOSTILE_TTL`` adds it to the data (``--data``, or ``load([file])``); its label
(``PAYLOAD``) and acronym (``SCRIPT``) must show as text on every map, and run nothing.
The ``hostile_file`` fixture (``conftest.py``) writes it to a file once per session.
"""

from __future__ import annotations

from mes_graph.base.terms import ID

HOSTILE_IRI = str(ID["organisation/hostile-test"])
"""The hostile actor."""

PAYLOAD = "<img src=x onerror=\"document.title='PWNED'\">"
"""Its label: an image whose error handler would rename the page."""

SCRIPT = "</script><script>document.title='PWNED'</script>"
"""Its acronym: the end of a script element, and a new one."""

HOSTILE_TTL = """# A new actor whose label is markup: it must show as text, and run nothing.
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix schema:  <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix mes:     <https://w3id.org/mes-graph/ontology#> .
@prefix orga:    <https://w3id.org/mes-graph/id/organisation/> .
@prefix ms:      <https://w3id.org/mes-graph/id/membership/> .
@prefix kind:    <https://w3id.org/mes-graph/id/concept/kind/> .
@prefix role:    <https://w3id.org/mes-graph/id/concept/role/> .
@prefix region:  <https://w3id.org/mes-graph/id/place/region/> .

orga:hostile-test a mes:TerritorialNetwork , org:FormalOrganization , org:Organization ;
    skos:prefLabel "<img src=x onerror=\\"document.title='PWNED'\\">"@fr ;
    org:classification kind:reseau-territorial ;
    schema:areaServed region:53 ;
    org:memberOf orga:mes ;
    skos:altLabel "</script><script>document.title='PWNED'</script>"@fr ;
    dcterms:source <https://example.org/fixture> .

ms:hostile-test--mes a org:Membership ;
    org:member orga:hostile-test ; org:organization orga:mes ; org:role role:membre ;
    prov:wasDerivedFrom <https://example.org/fixture> .
"""
"""The actor in Turtle: a territorial network, member of MES."""
