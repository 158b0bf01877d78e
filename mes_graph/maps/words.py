"""The words of the maps, in French and English, and how numbers and values are written.

Takes a language (``"fr"`` or ``"en"``); gives the page's words (``STRINGS``), those its
script needs (``JS_STRINGS``), the names of the relations and metrics, numbers as text
(``format_number``, ``format_count``), and the values the projection joins by ``"; "``
(``split_values``).
"""

from __future__ import annotations

import math
from typing import Any

__all__ = [
    "JS_STRINGS",
    "LINK_PHRASES",
    "METRIC_HINTS",
    "METRIC_NAMES",
    "RELATION_NAMES",
    "STRINGS",
    "capitalised",
    "format_count",
    "format_number",
    "relation_name",
    "split_values",
    "words_for",
]

STRINGS: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Alliances du Mouvement pour l'Économie Solidaire",
        "dataset": "mes-graph {version}, graphe de connaissances de l'ESS autour du MES",
        "dated": "données du {date}",
        "as_of": "état au {date}",
        "drawn": "{nodes} nœuds et {links} liens dessinés",
        "view_all": "Vue d'ensemble des alliances",
        "view_ego": "Carte ego de {name} (rayon {radius})",
        "view_path": "Plus courts chemins de {a} à {b}",
        "path_found": "{count} plus court(s) chemin(s) de {hops} lien(s), en noir épais",
        "path_none": "Aucun chemin ne relie {a} à {b}.",
        "view_communities": "Communautés (Louvain, graine {seed}) : {count}",
        "aggregated": (
            "Vue agrégée : {total} acteurs, trop pour les dessiner un à un sans bloquer le "
            "navigateur. Les {top} acteurs de plus forte {metric} sont dessinés ; les {rest} "
            "autres sont comptés dans {groups} groupes par {by} (hexagones, avec leur effectif) ; "
            "le menu « Regrouper par » les regroupe autrement."
        ),
        "by_kind": "type d'acteur",
        "by_region": "région",
        "by_community": "communauté",
        "grouping": "Regrouper par",
        "grouping_hint": "Les acteurs non dessinés sont comptés dans des groupes : par quoi ?",
        "approx": (
            "L'intermédiarité est estimée à partir de {k} acteurs tirés au sort (graine "
            "{seed}) : le réseau est trop grand pour un calcul exact."
        ),
        "other_groups": "Autres groupes",
        "none": "(non renseigné)",
        "community": "Communauté {n}",
        "name": "Nom",
        "acronym": "Sigle",
        "kind": "Type",
        "region": "Région",
        "sector": "Filière",
        "legal_form": "Forme juridique",
        "homepage": "Site",
        "sources": "Sources",
        "iri": "IRI",
        "distance": "Distance",
        "relation": "Relation",
        "role": "Rôle",
        "since": "Depuis",
        "until": "Jusqu'à",
        "source": "Source",
        "actors": "Acteurs",
        "internal": "Liens internes",
        "top_members": "Principaux acteurs",
        "main_kinds": "Types principaux",
        "links": "Liens",
        "legend": "Légende",
        "legend_kind": "Couleur : type d'acteur",
        "legend_community": "Couleur : communauté",
        "legend_shape": "Forme",
        "legend_relation": "Trait : relation (la flèche va du membre à l'instance)",
        "legend_size": "Taille : {metric} (sur tout le réseau)",
        "legend_highlight": "En noir épais : {what}",
        "highlight_path": "les plus courts chemins",
        "highlight_ego": "l'acteur au centre",
        "group_edges": "gris plein : liens d'un groupe (épaisseur : leur nombre)",
        "organisation": "organisation",
        "person": "personne",
        "concept": "concept",
        "group": "groupe d'acteurs (effectif)",
        "search": "Rechercher un acteur",
        "search_placeholder": "nom ou sigle",
        "find": "Trouver",
        "not_found": "Aucun acteur de ce nom sur la carte.",
        "found": "Trouvé : {name}",
        "hidden": " (masqué par les filtres)",
        "filters": "Filtres",
        "filter_kind": "Type",
        "filter_region": "Région",
        "filter_sector": "Filière",
        "filter_relation": "Relation",
        "all": "Tout cocher",
        "panel": "Acteur",
        "panel_hint": "Cliquez sur un acteur, ou cherchez-le, pour voir ses liens.",
        "links_of": "Ses liens",
        "geo_title": "Carte de France",
        "geo_regions": "Régions",
        "geo_departements": "Départements",
        "geo_points": "Points",
        "geo_hint": (
            "Une case par région, disposée comme la France : plus elle est foncée, plus la "
            "région compte d'acteurs sur la carte ; les réseaux territoriaux y sont nommés. "
            "Cliquez une région pour lister ses acteurs."
        ),
        "geo_hint_departements": (
            "Une case par département, disposée comme la France (l'outre-mer en bas) : plus "
            "elle est foncée, plus le département compte d'acteurs, par leur adresse. "
            "Cliquez un département pour lister ses acteurs."
        ),
        "geo_hint_points": (
            "Un point par acteur dont on connaît les coordonnées (fiches GoGoCarto, "
            "Transiscope) : {shown} en métropole, sur {total}. Cliquez un point pour ouvrir "
            "l'acteur sur la carte des alliances."
        ),
        "geo_actors": "Acteurs de la région : {count}",
        "departement_actors": "Acteurs du département : {count}",
        "geo_grouped": "Et {count} acteurs comptés dans les groupes : {groups}.",
        "sector_actors": "Acteurs de la filière : {count}",
        "group_open": "Ouvrir le groupe",
        "group_close": "Refermer le groupe",
        "group_part": "partie {i} sur {n}",
        "pick_explore": "Explorer",
        "pick_radius": "Ses liens",
        "pick_direct": "liens directs",
        "pick_steps": "jusqu'au {n}e degré",
        "pick_ego": "Carte de ses liens",
        "pick_to": "Chemins vers",
        "pick_paths": "Montrer les chemins",
        "pick_ego_shown": "{name} et ses liens ({radius}) : {count} acteurs.",
        "pick_paths_shown": (
            "Plus courts chemins de {from} à {to} : {length} liens, {count} acteurs."
        ),
        "pick_no_path": "Aucun chemin entre {from} et {to} sur la carte.",
        "pick_all": "Revenir à toute la carte",
        "in_group": "Compté dans le groupe « {group} » ; ses liens ne sont pas dessinés.",
        "timeline": "Date",
        "timeline_all": "toutes dates",
        "timeline_at": "au 31 décembre {year}",
        "timeline_hint": (
            "Montre les alliances à une date : adhésions valides ce jour-là, acteurs fondés "
            "et pas encore dissous."
        ),
        "nothing": "aucun",
        "colon": " : ",
        "loading": "Mise en place de la carte…",
        "noscript": "Cette carte a besoin de JavaScript pour s'afficher.",
        "map_label": "Carte des alliances",
        "group_note": "Groupe : les acteurs y sont comptés, pas dessinés.",
    },
    "en": {
        "title": "Alliances of the Mouvement pour l'Économie Solidaire",
        "dataset": "mes-graph {version}, the knowledge graph of the SSE around MES",
        "dated": "data of {date}",
        "as_of": "as of {date}",
        "drawn": "{nodes} nodes and {links} links drawn",
        "view_all": "All the alliances",
        "view_ego": "Ego map of {name} (radius {radius})",
        "view_path": "Shortest paths from {a} to {b}",
        "path_found": "{count} shortest path(s) of {hops} link(s), in thick black",
        "path_none": "No path joins {a} and {b}.",
        "view_communities": "Communities (Louvain, seed {seed}): {count}",
        "aggregated": (
            "Aggregated view: {total} actors, too many to draw one by one without freezing "
            "the browser. The {top} actors of highest {metric} are drawn; the other {rest} "
            "are counted in {groups} groups by {by} (hexagons, with their size); the menu "
            "« Group by » groups them otherwise."
        ),
        "by_kind": "kind of actor",
        "by_region": "region",
        "by_community": "community",
        "grouping": "Group by",
        "grouping_hint": "The actors not drawn are counted in groups: what to group them by.",
        "approx": (
            "Betweenness is estimated from {k} actors drawn at random (seed {seed}): the "
            "network is too large for an exact computation."
        ),
        "other_groups": "Other groups",
        "none": "(not given)",
        "community": "Community {n}",
        "name": "Name",
        "acronym": "Acronym",
        "kind": "Kind",
        "region": "Region",
        "sector": "Sector",
        "legal_form": "Legal form",
        "homepage": "Web site",
        "sources": "Sources",
        "iri": "IRI",
        "distance": "Distance",
        "relation": "Relation",
        "role": "Role",
        "since": "Since",
        "until": "Until",
        "source": "Source",
        "actors": "Actors",
        "internal": "Links inside",
        "top_members": "Main actors",
        "main_kinds": "Main kinds",
        "links": "Links",
        "legend": "Legend",
        "legend_kind": "Colour: kind of actor",
        "legend_community": "Colour: community",
        "legend_shape": "Shape",
        "legend_relation": "Line: relation (the arrow runs from the member to the body)",
        "legend_size": "Size: {metric} (over the whole network)",
        "legend_highlight": "In thick black: {what}",
        "highlight_path": "the shortest paths",
        "highlight_ego": "the actor at the centre",
        "group_edges": "plain grey: links of a group (width: how many)",
        "organisation": "organisation",
        "person": "person",
        "concept": "concept",
        "group": "group of actors (size)",
        "search": "Find an actor",
        "search_placeholder": "name or acronym",
        "find": "Find",
        "not_found": "No actor of that name on the map.",
        "found": "Found: {name}",
        "hidden": " (hidden by the filters)",
        "filters": "Filters",
        "filter_kind": "Kind",
        "filter_region": "Region",
        "filter_sector": "Sector",
        "filter_relation": "Relation",
        "all": "Tick all",
        "panel": "Actor",
        "panel_hint": "Click an actor, or find it, to see its links.",
        "links_of": "Its links",
        "geo_title": "Map of France",
        "geo_regions": "Regions",
        "geo_departements": "Departments",
        "geo_points": "Points",
        "geo_hint": (
            "One tile per region, laid out as France: the darker, the more actors of the map "
            "serve it; its territorial networks are named. Click a region to list its actors."
        ),
        "geo_hint_departements": (
            "One tile per department, laid out as France (overseas below): the darker, the "
            "more actors it has, by their address. Click a department to list its actors."
        ),
        "geo_hint_points": (
            "One point per actor whose coordinates are known (GoGoCarto, Transiscope "
            "records): {shown} in metropolitan France, of {total}. Click a point to open the "
            "actor on the alliance map."
        ),
        "geo_actors": "Actors of the region: {count}",
        "departement_actors": "Actors of the department: {count}",
        "geo_grouped": "And {count} actors counted in the groups: {groups}.",
        "sector_actors": "Actors of the sector: {count}",
        "group_open": "Open the group",
        "group_close": "Close the group",
        "group_part": "part {i} of {n}",
        "pick_explore": "Explore",
        "pick_radius": "Its links",
        "pick_direct": "direct links",
        "pick_steps": "up to {n} steps",
        "pick_ego": "Map of its links",
        "pick_to": "Paths to",
        "pick_paths": "Show the paths",
        "pick_ego_shown": "{name} and its links ({radius}): {count} actors.",
        "pick_paths_shown": "Shortest paths from {from} to {to}: {length} links, {count} actors.",
        "pick_no_path": "No path between {from} and {to} on the map.",
        "pick_all": "Back to the whole map",
        "in_group": "Counted in the group “{group}”; its links are not drawn.",
        "timeline": "Date",
        "timeline_all": "all dates",
        "timeline_at": "on 31 December {year}",
        "timeline_hint": (
            "Shows the alliances on a date: memberships valid that day, actors founded and "
            "not yet dissolved."
        ),
        "nothing": "none",
        "colon": ": ",
        "loading": "Laying the map out…",
        "noscript": "This map needs JavaScript.",
        "map_label": "Map of the alliances",
        "group_note": "Group: its actors are counted, not drawn.",
    },
}
"""The words of the page, by language."""

JS_STRINGS = (
    "iri",
    "search_placeholder",
    "not_found",
    "found",
    "hidden",
    "filters",
    "filter_kind",
    "filter_region",
    "filter_sector",
    "filter_relation",
    "all",
    "panel_hint",
    "links_of",
    "geo_actors",
    "departement_actors",
    "geo_grouped",
    "sector_actors",
    "group_open",
    "group_close",
    "in_group",
    "timeline",
    "timeline_all",
    "timeline_at",
    "timeline_hint",
    "nothing",
    "colon",
    "group_note",
    "pick_explore",
    "pick_radius",
    "pick_direct",
    "pick_steps",
    "pick_ego",
    "pick_to",
    "pick_paths",
    "pick_ego_shown",
    "pick_paths_shown",
    "pick_no_path",
    "pick_all",
    "grouping",
    "grouping_hint",
)
"""The words the page's script needs."""

RELATION_NAMES = {
    "fr": {
        "membership": "adhésion",
        "affiliation": "affiliation de chercheur·e",
        "sub_organisation": "partie d'une organisation",
        "participation": "participation",
        "founding": "fondation",
        "succession": "succession",
        "alliance": "alliance",
        "classification": "filière",
        "area_served": "territoire",
        "link": "autre lien",
        "aggregate": "liens d'un groupe",
    },
    "en": {
        "membership": "membership",
        "affiliation": "researcher's affiliation",
        "sub_organisation": "part of an organisation",
        "participation": "participation",
        "founding": "founding",
        "succession": "succession",
        "alliance": "alliance",
        "classification": "sector",
        "area_served": "territory",
        "link": "other link",
        "aggregate": "links of a group",
    },
}
"""Each relation as a noun, for the legend and the filters."""

LINK_PHRASES: dict[str, dict[str, tuple[str, str, str]]] = {
    "fr": {
        "membership": ("membre de", "a pour membre", "a pour membres"),
        "affiliation": ("affilié·e à", "a pour chercheur·e", "a pour chercheur·es"),
        "sub_organisation": ("fait partie de", "comprend", "comprend"),
        "participation": ("participe à", "a pour participant", "a pour participants"),
        "founding": ("fondateur de", "fondé par", "fondé par"),
        "succession": ("prédécesseur de", "successeur de", "successeur de"),
        "alliance": ("lié à", "lié à", "lié à"),
        "classification": ("classé dans", "regroupe", "regroupe"),
        "area_served": ("agit en", "territoire de", "territoire de"),
        "link": ("lien vers", "lien depuis", "liens depuis"),
        "aggregate": ("lié à", "lié à", "lié à"),
    },
    "en": {
        "membership": ("member of", "has member", "has members"),
        "affiliation": ("affiliated with", "has researcher", "has researchers"),
        "sub_organisation": ("part of", "includes", "includes"),
        "participation": ("participates in", "has participant", "has participants"),
        "founding": ("founder of", "founded by", "founded by"),
        "succession": ("predecessor of", "successor of", "successor of"),
        "alliance": ("linked to", "linked to", "linked to"),
        "classification": ("classified as", "groups", "groups"),
        "area_served": ("serves", "served by", "served by"),
        "link": ("link to", "link from", "links from"),
        "aggregate": ("linked to", "linked to", "linked to"),
    },
}
"""Each relation read from either end, for the side panel: the subject's phrase (``MES``
*participe à* CSESS), then the object's, for one and for several (CSESS *a pour
participants* MES, …)."""

METRIC_NAMES = {
    "fr": {
        "betweenness": "intermédiarité",
        "degree": "nombre de liens",
        "degree_in": "liens reçus",
        "degree_out": "liens donnés",
        "pagerank": "influence",
        "closeness": "proximité",
        "eigenvector": "centralité de vecteur propre",
        "constraint": "contrainte de Burt",
        "effective_size": "taille effective",
        "core_number": "k-cœur",
        "clustering": "coefficient de clustering",
    },
    "en": {
        "betweenness": "betweenness",
        "degree": "degree",
        "degree_in": "in-degree",
        "degree_out": "out-degree",
        "pagerank": "PageRank",
        "closeness": "closeness",
        "eigenvector": "eigenvector centrality",
        "constraint": "Burt's constraint",
        "effective_size": "effective size",
        "core_number": "k-core",
        "clustering": "clustering coefficient",
    },
}
"""Each metric as a short name, in plain words where one exists (*influence* for PageRank)."""

METRIC_HINTS = {
    "fr": {
        "betweenness": "Part des plus courts chemins entre deux acteurs qui passent par "
        "celui-ci : son rôle de passerelle.",
        "degree": "Nombre de liens de l'acteur, dans les deux sens.",
        "degree_in": "Nombre de liens qui arrivent à l'acteur (ses membres, par exemple).",
        "degree_out": "Nombre de liens qui partent de l'acteur (ses adhésions, par exemple).",
        "pagerank": "Influence (PageRank) : plus un acteur est lié à des acteurs eux-mêmes "
        "influents, plus elle est forte ; le total de tous les acteurs fait 1.",
        "closeness": "Proximité : plus elle est forte, moins il faut de liens pour aller "
        "de cet acteur à tous les autres.",
        "eigenvector": "Importance d'un acteur d'après celle des acteurs auxquels il est lié.",
        "constraint": "Contrainte de Burt : forte quand les partenaires de l'acteur sont "
        "tous liés entre eux, faible quand il relie des cercles séparés.",
        "effective_size": "Nombre de partenaires de l'acteur qui ne se connaissent pas entre eux.",
        "core_number": "Le plus grand k tel que l'acteur appartient à un groupe où chacun a au "
        "moins k liens.",
        "clustering": "Part des partenaires de l'acteur qui sont aussi liés entre eux.",
    },
    "en": {
        "betweenness": "Share of the shortest paths between two actors that go through this "
        "one: its role as a bridge.",
        "degree": "Number of the actor's links, either way.",
        "degree_in": "Number of links coming to the actor (its members, for instance).",
        "degree_out": "Number of links leaving the actor (its memberships, for instance).",
        "pagerank": "Influence (PageRank): the more an actor is linked to influential actors, "
        "the higher; all actors sum to 1.",
        "closeness": "The higher, the fewer links it takes from this actor to all others.",
        "eigenvector": "An actor's importance from that of the actors it is linked to.",
        "constraint": "High when the actor's partners are all linked to each other, low when "
        "it links separate circles.",
        "effective_size": "Number of the actor's partners who do not know each other.",
        "core_number": "The largest k such that the actor is in a group where each has at "
        "least k links.",
        "clustering": "Share of the actor's partners who are linked to each other too.",
    },
}
"""One plain sentence per metric, shown on hover in the side panel."""


def words_for(lang: str) -> dict[str, str]:
    """The page's words in a language of ``STRINGS``.

    Raises
    ------
    ValueError
        An unknown language.

    Examples
    --------
    >>> words_for("en")["find"], words_for("fr")["find"]
    ('Find', 'Trouver')
    """
    if lang not in STRINGS:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(STRINGS)}")
    return STRINGS[lang]


def format_number(value: Any, lang: str) -> str:
    """A metric as text: integers as they are, reals with three decimals.

    Examples
    --------
    >>> format_number(0.5, "fr"), format_number(12, "en"), format_number(float("nan"), "en")
    ('0,500', '12', '-')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and value > 1):
        text = f"{int(value):,}"
        return text.replace(",", "\u202f") if lang == "fr" else text
    text = f"{float(value):.3f}"
    return text.replace(".", ",") if lang == "fr" else text


def relation_name(relation: str, lang: str) -> str:
    """A relation as a noun, for the legend and the filters.

    Examples
    --------
    >>> relation_name("founding", "fr"), relation_name("mentoring", "en")
    ('fondation', 'mentoring')
    """
    return RELATION_NAMES[lang].get(relation) or relation.replace("_", " ")


def capitalised(text: str) -> str:
    """The text with a capital first letter, the rest as it is.

    Examples
    --------
    >>> capitalised("k-cœur"), capitalised("PageRank")
    ('K-cœur', 'PageRank')
    """
    return text[:1].upper() + text[1:]


def format_count(value: int, lang: str) -> str:
    """A count with its thousands separated: a narrow space in French, a comma in English.

    Examples
    --------
    >>> format_count(20000, "fr"), format_count(20000, "en")
    ('20\u202f000', '20,000')
    """
    text = f"{value:,}"
    return text.replace(",", "\u202f") if lang == "fr" else text


def split_values(value: Any) -> list[str]:
    """The values of an attribute the projection joins by ``"; "``.

    Examples
    --------
    >>> split_values("Réseau territorial; Mouvement"), split_values(None)
    (['Réseau territorial', 'Mouvement'], [])
    """
    if value is None:
        return []
    return [part for part in str(value).split("; ") if part]
