"""The report: what it says, in French and English, escaped, offline, and seen in a browser.

The report is made from the shipped graph plus an actor whose names are hostile markup
(``fixtures/hostile-label.ttl``). Its HTML must show them as text, in the page and in the
Markdown; it must fetch nothing and run no script. Opened from disk in Debian's Chromium
(headless, network cut), its three charts must decode (``naturalWidth > 0``). Chromium
missing: the browser test skips, with the reason, unless ``CI`` is set (then it fails).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from mes_graph import network, report
from mes_graph.load import load

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile():
    return load([FIXTURES / "hostile-label.ttl"])


@pytest.fixture(scope="module")
def files(hostile) -> dict[str, bytes]:
    """report.html and report.md of the graph with the hostile actor, in French."""
    return report.report(hostile, lang="fr")


@pytest.fixture(scope="module")
def context(hostile):
    G = network.alliance_network(hostile, lang="fr")
    table = network.metrics_table(G)
    from mes_graph.stats import stats

    return report.report_context(
        G, table, network.summary(G), stats(hostile), dataset=hostile, charts=False, site="site/"
    )


def test_report_says_what_the_graph_holds(context):
    overview = dict(context["overview"])
    assert overview["acteurs"] == 33 and overview["adhésions"] == 31  # 31 + 2 hostile
    assert {"label": "Réseau territorial", "count": 6} in context["kinds"]
    assert context["brokers"][0]["actor"]["short"] == "MES"
    assert context["brokers"][0]["actor"]["href"] == "site/id/organisation/mes.html"
    assert context["articulation"][0]["parts"] == 27
    assert context["missing"]["undated"] == context["missing"]["total"]
    assert context["fewest"]["single"] >= 27
    sizes = [c["size"] for c in context["communities"]]
    assert sizes == sorted(sizes, reverse=True) and sum(sizes) == 33


def test_hostile_labels_are_text_in_html_and_markdown(files):
    page = files["report.html"].decode("utf-8")
    assert HOSTILE not in page and "<svg onload" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script" not in page
    markdown = files["report.md"].decode("utf-8")
    assert HOSTILE not in markdown
    assert "\\<img src=x onerror=alert(1)\\>" in markdown


def test_markdown_tables_keep_their_columns(context):
    context = dict(context)
    context["kinds"] = [{"label": "a | b", "count": 1}]
    markdown = report.render_markdown(context)
    row = next(line for line in markdown.splitlines() if line.startswith("| a "))
    assert row == "| a \\| b | 1 |"


def test_report_is_offline_and_deterministic(hostile, files):
    page = files["report.html"].decode("utf-8")
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', page)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert html.unescape(policy.group(1)).startswith("default-src 'none'; img-src data:;")
    assert page.count('src="data:image/png;base64,') == 3
    assert report.report(hostile, lang="fr") == files


def test_english_report(hostile):
    G = network.alliance_network(hostile, lang="en")
    ctx = report.report_context(
        G, network.metrics_table(G), network.summary(G), {}, lang="en", charts=False
    )
    page = report.render_html(ctx)
    assert '<html lang="en">' in page and "The brokers" in page
    assert "Territorial network" in page
    with pytest.raises(ValueError, match="unknown language"):
        report.report_context(G, network.metrics_table(G), {}, {}, lang="de")


def test_report_opens_offline_in_chromium_and_shows_its_charts(
    browser_context, files, tmp_path: Path
):
    path = tmp_path / "report.html"
    path.write_bytes(files["report.html"])
    page = browser_context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}")
            if msg.type in ("error", "warning")
            else None
        ),
    )
    page.on("dialog", lambda dialog: (problems.append("a dialog opened"), dialog.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    images = page.evaluate(
        "() => Array.from(document.images).map(i => ({alt: i.alt, complete: i.complete,"
        " width: i.naturalWidth, height: i.naturalHeight}))"
    )
    assert len(images) == 3, images
    assert all(i["complete"] and i["width"] > 0 and i["height"] > 0 for i in images), images
    assert page.title() == "Rapport sur le graphe des alliances du MES"
    assert HOSTILE in page.inner_text("body")  # shown as text
    assert page.evaluate("() => document.querySelectorAll('img[src=x], svg').length") == 0
    assert not problems, problems
    assert not browser_context.left, browser_context.left
    page.close()


def test_long_tables_are_cut_and_say_where_the_rest_is(hostile, monkeypatch):
    """Past ``TABLE_LIMIT`` rows, the articulation points and the data to complete show
    the first ones and count the others (at 10M statements the uncut page was 140 MB)."""
    from mes_graph.report import context as report_context
    from mes_graph.stats import stats

    G = network.alliance_network(hostile, lang="fr")
    table = network.metrics_table(G)
    whole = report.report_context(G, table, network.summary(G), stats(hostile), charts=False)
    monkeypatch.setattr(report_context, "TABLE_LIMIT", 2)
    cut = report.report_context(G, table, network.summary(G), stats(hostile), charts=False)
    points, lacking = len(whole["articulation"]), len(whole["missing"]["rows"])
    assert points == int(table["articulation_point"].sum()) > 2 and lacking == 31
    assert cut["articulation"] == whole["articulation"][:2]
    assert cut["articulation_more"] == points - 2 and whole["articulation_more"] == 0
    assert cut["missing"]["rows"] == whole["missing"]["rows"][:2]
    assert (cut["missing"]["more"], whole["missing"]["more"]) == (29, 0)
    page = html.unescape(report.render_html(cut))
    assert f"Et {points - 2} autres points d'articulation, moins centraux" in page
    assert "Et 29 autres adhésions à compléter : exports/csv/adhesions.csv" in page
    assert "Et 29 autres adhésions à compléter" in report.render_markdown(cut)
