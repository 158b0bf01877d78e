"""The report's words, in French and in English: titles, headings, phrases, limits.

Takes nothing; gives ``STRINGS`` (language → key → text) and the report's limits.
"""

from __future__ import annotations

__all__ = ["LIST_LIMIT", "STRINGS", "TABLE_LIMIT", "TOP_BROKERS"]


TOP_BROKERS = 5
"""How many brokers the report describes."""


LIST_LIMIT = 15
"""How many names a list shows before it says how many more there are."""


TABLE_LIMIT = 200
"""How many rows the tables of articulation points and of data to complete show: the
others are counted, and found in the files that list them all (a million actors make
tables no one reads, and a page no browser opens)."""


STRINGS: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Rapport sur le graphe des alliances du MES",
        "colon": " :",
        "subtitle": "Le graphe de connaissances de l'économie sociale et solidaire autour du "
        "Mouvement pour l'Économie Solidaire",
        "version": "version des données",
        "date": "date des données",
        "contents": "Sommaire",
        "holds": "Ce que contient le graphe",
        "holds_intro": "Les déclarations, les acteurs et leurs liens que le graphe rassemble, "
        "chacun avec sa source.",
        "statements": "déclarations (triplets)",
        "named_graphs": "graphes nommés (un par source)",
        "actors": "acteurs",
        "organisations": "organisations",
        "people": "personnes",
        "links": "liens entre acteurs",
        "memberships": "adhésions",
        "memberships_dated": "adhésions avec une période (org:memberDuring)",
        "memberships_sourced": "adhésions sourcées",
        "communities": "communautés",
        "by_kind": "Acteurs par nature",
        "by_region": "Organisations par région",
        "by_sector": "Organisations par secteur",
        "kind": "nature",
        "region": "région",
        "sector": "secteur",
        "count": "nombre",
        "unknown": "non renseigné",
        "chart_kinds": "Nombre d'acteurs par nature",
        "chart_degrees": "Distribution des degrés : nombre d'acteurs par nombre de liens",
        "chart_map": "La carte des alliances (vignette de carte.html)",
        "degree_axis": "nombre de liens (degré)",
        "actors_axis": "nombre d'acteurs",
        "memberships_title": "Adhésions",
        "by_role": "Par rôle",
        "role": "rôle",
        "by_body": "Les instances qui comptent le plus de membres",
        "body": "instance",
        "members": "membres",
        "sources": "Sources",
        "source": "source (graphe nommé)",
        "languages": "Langues des textes",
        "language": "langue",
        "no_language": "(sans langue)",
        "brokers": "Les acteurs-passerelles",
        "brokers_intro": "Les acteurs par lesquels passent le plus de plus courts chemins "
        "entre deux autres (centralité d'intermédiarité) : ils relient des parties du réseau "
        "qui, sans eux, seraient loin l'une de l'autre.",
        "betweenness": "intermédiarité",
        "degree": "liens",
        "bridges_what": "ce qu'il relie",
        "links_communities": "communautés reliées",
        "links_kinds": "natures d'acteurs reliées",
        "cuts_off": "sans lui, le réseau se coupe en {parts} parties ; la plus grande garde "
        "{largest} acteurs ; hors d'elle : {names}",
        "no_cut": "sa disparition ne coupe personne du réseau",
        "community_title": "Les communautés",
        "community_intro": "Des groupes d'acteurs plus liés entre eux qu'avec le reste "
        "(méthode de Louvain, graine fixe) ; modularité {modularity}.",
        "community": "communauté",
        "size": "taille",
        "around": "autour de",
        "kinds": "natures",
        "and_more": "et {n} autres",
        "fragile": "Points d'articulation et ponts",
        "fragile_intro": "Un point d'articulation est un acteur dont la disparition coupe le "
        "réseau en morceaux ; un pont est un lien dont la perte fait de même.",
        "articulation": "point d'articulation",
        "parts": "parties",
        "cut_off": "hors de la plus grande partie",
        "largest": "plus grande partie",
        "no_articulation": "Aucun : le réseau ne dépend d'aucun acteur seul.",
        "articulation_more": "Et {n} autres points d'articulation, moins centraux : la "
        "colonne articulation_point de metrics.csv les marque tous.",
        "bridges_count": "{bridges} liens sur {ties} sont des ponts ; {leaves} d'entre eux "
        "rattachent un acteur qui n'a que ce lien.",
        "structural_bridges": "Les ponts entre deux parties du réseau (ni l'un ni l'autre "
        "bout n'est isolé sans lui) :",
        "no_structural": "Aucun pont ne relie deux parties de plus d'un acteur.",
        "fewest": "Les acteurs les moins reliés",
        "fewest_intro": "{single} acteurs n'ont qu'un lien, {isolated} n'en ont aucun : leur "
        "place dans le réseau tient à une seule relation. Les moins reliés :",
        "missing": "Données à compléter",
        "missing_intro": "Adhésions sans date de début ni de fin ({undated} sur {total}) ou "
        "sans source ({unsourced}) : de quoi compléter les fichiers de graph/ ou un tableur "
        "à importer.",
        "member": "membre",
        "lacks": "manque",
        "lacks_dates": "dates",
        "lacks_source": "source",
        "lacks_record": "fiche org:Membership",
        "nothing_missing": "Rien : chaque adhésion a ses dates et sa source.",
        "missing_more": "Et {n} autres adhésions à compléter : exports/csv/adhesions.csv "
        "les donne toutes, avec leurs dates et leurs sources.",
        "outputs": "Les fichiers de ce dossier",
        "outputs_intro": "Ce que mes-graph build a écrit à côté de ce rapport, et à quoi "
        "chaque fichier sert.",
        "file": "fichier",
        "what": "à quoi il sert",
        "method": "Méthode",
        "method_text": "Le réseau projette le graphe sur ses acteurs (organisations et "
        "personnes) et leurs liens : adhésions, affiliations, participations, fondations, "
        "sous-organisations, successions. Les métriques se calculent sur les liens non "
        "orientés (un lien par paire, pondéré par le nombre de relations) avec NetworkX ; "
        "les communautés par la méthode de Louvain à graine fixe : le même graphe donne "
        "le même rapport.",
        "parameters": "paramètres",
        "md_charts": "Les graphiques sont dans report.html.",
        "generated": "Produit par mes-graph build à partir des données ; aucune date "
        "d'horloge : le même graphe donne le même rapport.",
    },
    "en": {
        "title": "Report on the MES alliance graph",
        "colon": ":",
        "subtitle": "The knowledge graph of the social and solidarity economy around the "
        "Mouvement pour l'Économie Solidaire",
        "version": "data version",
        "date": "data date",
        "contents": "Contents",
        "holds": "What the graph holds",
        "holds_intro": "The statements, actors and links the graph brings together, each "
        "with its source.",
        "statements": "statements (triples)",
        "named_graphs": "named graphs (one per source)",
        "actors": "actors",
        "organisations": "organisations",
        "people": "people",
        "links": "links between actors",
        "memberships": "memberships",
        "memberships_dated": "memberships with a period (org:memberDuring)",
        "memberships_sourced": "memberships with a source",
        "communities": "communities",
        "by_kind": "Actors by kind",
        "by_region": "Organisations by region",
        "by_sector": "Organisations by sector",
        "kind": "kind",
        "region": "region",
        "sector": "sector",
        "count": "count",
        "unknown": "not stated",
        "chart_kinds": "Number of actors per kind",
        "chart_degrees": "Degree distribution: number of actors per number of links",
        "chart_map": "The alliance map (thumbnail of carte.html)",
        "degree_axis": "number of links (degree)",
        "actors_axis": "number of actors",
        "memberships_title": "Memberships",
        "by_role": "By role",
        "role": "role",
        "by_body": "The bodies with the most members",
        "body": "body",
        "members": "members",
        "sources": "Sources",
        "source": "source (named graph)",
        "languages": "Languages of the texts",
        "language": "language",
        "no_language": "(no language)",
        "brokers": "The brokers",
        "brokers_intro": "The actors on the most shortest paths between two others "
        "(betweenness centrality): they link parts of the network that would be far apart "
        "without them.",
        "betweenness": "betweenness",
        "degree": "links",
        "bridges_what": "what it bridges",
        "links_communities": "communities linked",
        "links_kinds": "kinds of actors linked",
        "cuts_off": "without it, the network breaks into {parts} parts; the largest keeps "
        "{largest} actors; outside it: {names}",
        "no_cut": "its loss cuts no one off the network",
        "community_title": "Communities",
        "community_intro": "Groups of actors more tied to each other than to the rest "
        "(Louvain method, fixed seed); modularity {modularity}.",
        "community": "community",
        "size": "size",
        "around": "around",
        "kinds": "kinds",
        "and_more": "and {n} more",
        "fragile": "Articulation points and bridges",
        "fragile_intro": "An articulation point is an actor whose loss breaks the network "
        "into pieces; a bridge is a tie whose loss does the same.",
        "articulation": "articulation point",
        "parts": "parts",
        "cut_off": "outside the largest part",
        "largest": "largest part",
        "no_articulation": "None: the network depends on no single actor.",
        "articulation_more": "And {n} more articulation points, less central: the column "
        "articulation_point of metrics.csv marks them all.",
        "bridges_count": "{bridges} ties out of {ties} are bridges; {leaves} of them attach "
        "an actor that has no other tie.",
        "structural_bridges": "The bridges between two parts of the network (neither end "
        "is left alone without it):",
        "no_structural": "No bridge links two parts of more than one actor.",
        "fewest": "The actors with the fewest links",
        "fewest_intro": "{single} actors have a single link, {isolated} have none: their "
        "place in the network hangs on one relation. The least linked:",
        "missing": "Data to complete",
        "missing_intro": "Memberships without a start or end date ({undated} of {total}) or "
        "without a source ({unsourced}): what to add to the files of graph/ or to a spreadsheet to "
        "import.",
        "member": "member",
        "lacks": "lacks",
        "lacks_dates": "dates",
        "lacks_source": "source",
        "lacks_record": "org:Membership record",
        "nothing_missing": "Nothing: every membership has its dates and its source.",
        "missing_more": "And {n} more memberships to complete: exports/csv/adhesions.csv "
        "gives them all, with their dates and sources.",
        "outputs": "The files of this folder",
        "outputs_intro": "What mes-graph build wrote next to this report, and what each "
        "file is for.",
        "file": "file",
        "what": "what it is for",
        "method": "Method",
        "method_text": "The network projects the graph on its actors (organisations and "
        "people) and their links: memberships, affiliations, participations, foundings, "
        "sub-organisations, successions. Metrics run on the undirected ties (one per pair, "
        "weighted by the number of relations) with NetworkX; communities by the Louvain "
        "method with a fixed seed: the same graph gives the same report.",
        "parameters": "parameters",
        "md_charts": "The charts are in report.html.",
        "generated": "Made by mes-graph build from the data; no clock date: the same graph "
        "gives the same report.",
    },
}
"""Every word of the report, in French and in English."""
