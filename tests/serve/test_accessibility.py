"""Both phone pages pass axe-core's WCAG 2.1 AA rules, in Swedish and English, at phone sizes.

axe-core's own script (from the axe-playwright-python package) is run in the
tests' headless Chromium on each page, in each of its states: the notes page
asking for the group and writing, the room page. Every tap target is at least
44×44 CSS px and nothing is cut or wider than a 360 px screen. The PNGs are
written to $FACILITATOR_SHOTS when it is set, to be looked at.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest
from browser import Page, browser
from serving import address, running_server

from facilitator.store import Store

SIZES = [(360, 740), (390, 844)]
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Targets smaller than 44×44 CSS px, and elements whose text is cut (ellipsis, clipped).
SMALL_OR_CUT = """(function(){
  var out = [];
  document.querySelectorAll('button, a[href], input, textarea, [role=radio]').forEach(function(e){
    var r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return;
    if (r.width < 44 || r.height < 44) out.push('small: #' + e.id + '.' + e.className + ' ' +
      Math.round(r.width) + 'x' + Math.round(r.height) + ' ' + (e.textContent || e.placeholder));
  });
  document.querySelectorAll('body *').forEach(function(e){
    var s = getComputedStyle(e);
    if (e.getClientRects().length === 0) return;
    if (e.scrollWidth > e.clientWidth + 1 && s.overflowX !== 'visible' && e.tagName !== 'TEXTAREA')
      out.push('cut: ' + e.tagName + '#' + e.id + ' ' + (e.textContent || '').slice(0, 40));
    if (e.tagName === 'INPUT' && e.placeholder) {
      var c = document.createElement('canvas').getContext('2d'); c.font = s.font;
      var room = e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
      if (c.measureText(e.placeholder).width > room + 1) out.push('cut hint: #' + e.id + ' ' + e.placeholder);
    }
  });
  if (document.documentElement.scrollWidth > innerWidth) out.push('wider than the screen');
  return out;
})()"""


def _axe_script() -> str:
    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec is not None and spec.submodule_search_locations, "pip install -e '.[test]'"
    return (Path(next(iter(spec.submodule_search_locations))) / "axe.min.js").read_text("utf-8")


def _shot(tmp_path: Path, name: str) -> Path:
    folder = Path(os.environ.get("FACILITATOR_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


async def _audit(page: Page, script: str) -> list[str]:
    """axe-core's violations of the WCAG 2.1 A and AA rules, one line each, and the targets' problems."""
    await page.evaluate(script)
    run = (
        "axe.run(document, {runOnly: {type: 'tag', values: RULES}}).then(function(r){"
        "return JSON.stringify(r.violations.map(function(v){return v.id + ': ' + v.help + ' ' +"
        "v.nodes.map(function(n){return n.target.join(' ')}).join(', ')}))})"
    ).replace("RULES", json.dumps(RULES))
    result = await page.send(
        "Runtime.evaluate", expression=run, awaitPromise=True, returnByValue=True
    )
    found = json.loads(result["result"]["value"])
    return found + list(await page.evaluate(SMALL_OR_CUT))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["sv", "en"])
async def test_both_phone_pages_pass_axe_core_and_every_target_is_large_enough(
    store: Store, demo_id: str, tmp_path: Path, language: str, size: tuple[int, int]
) -> None:
    script = _axe_script()
    found: dict[str, list[str]] = {}
    async with running_server(store, demo_id, language=language) as server:
        async with browser(*size) as page:
            await page.as_phone(*size)
            notes = address(server, "notes")
            await page.goto(notes)
            await page.wait_for("!document.getElementById('ask').hidden")
            found["notes, asking the group"] = await _audit(page, script)
            await page.screenshot(_shot(tmp_path, f"a11y_group_{language}_{size[0]}.png"))
            await page.evaluate("document.getElementById('group').value = 'Grupp 2'")
            await page.evaluate("document.getElementById('group-go').click()")
            await page.wait_for("!document.getElementById('write').hidden")
            await page.evaluate("document.getElementById('text').value = 'En anteckning'")
            await page.evaluate("document.getElementById('send').click()")
            await page.wait_for("document.querySelectorAll('#notes .state.saved').length >= 1")
            found["notes, writing"] = await _audit(page, script)
            await page.screenshot(_shot(tmp_path, f"a11y_notes_{language}_{size[0]}.png"))
            await page.goto(address(server, "ask"))
            await page.wait_for("document.getElementById('text') !== null")
            found["room"] = await _audit(page, script)
            await page.screenshot(_shot(tmp_path, f"a11y_ask_{language}_{size[0]}.png"))
    assert found == {name: [] for name in found}, json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["sv", "en"])
async def test_the_day_s_summary_on_both_phone_pages_passes_axe_core_too(
    store: Store, demo_id: str, tmp_path: Path, language: str, size: tuple[int, int]
) -> None:
    from facilitator.services import Desk, Services

    trainer = Services(Desk(Store(store.root), demo_id))
    trainer.sessions.publish("minutes", language)
    assert trainer.close(10)
    script = _axe_script()
    found: dict[str, list[str]] = {}
    framed = (
        "(function(){var d = document.getElementById('handout-recap').contentDocument;"
        "return !!(d && d.body && d.body.innerText.length > 200)})()"
    )
    async with running_server(store, demo_id, language=language) as server:
        async with browser(*size) as page:
            await page.as_phone(*size)
            for name in ("ask", "notes"):
                await page.goto(address(server, name))
                await page.wait_for("!document.getElementById('handout').hidden")
                await page.wait_for(framed)
                found[f"{name}, the summary"] = await _audit(page, script)
                await page.screenshot(
                    _shot(tmp_path, f"a11y_handout_{name}_{language}_{size[0]}.png")
                )
            await page.goto(address(server, "ask") + "/recap")
            found["the recap's own page"] = await _audit(page, script)
    assert found == {name: [] for name in found}, json.dumps(found, indent=1, ensure_ascii=False)
