"""The page's map component: sent in parts, the same strings as ``st_folium`` would send."""

from __future__ import annotations

import json
import re
import threading

import pytest
from jinja2.utils import htmlsafe_json_dumps

from geo.engine.zone import ZoneSpec
from geo.mapview.assets import FileStore, localize_assets, publish_script
from geo.mapview.basedata import prepare_base_layers
from geo.mapview.basemap import base_map
from geo.mapview.layers import zone_layers
from geo.mapview.view import ViewControl, view_step, view_step_script
from geo.results.analysis import analyze
from ui._stfolium import st_folium_sends as run_st_folium
from ui.zonemap import SCRIPT_GLOBAL, layers_script, map_shell


def _store(path):
    return FileStore(path=path, url="../files")


@pytest.fixture
def st_folium_sends(study, default_result, tmp_path):
    """What streamlit-folium's own ``st_folium`` sends for the default zone."""
    bounds = tuple(default_result.zone.total_bounds)
    fmap = base_map(prepare_base_layers(study), data_url="../files/layers/data.js")
    layers = zone_layers(default_result)
    for element in [fmap, *layers]:
        localize_assets(element, store=_store(tmp_path))
    return run_st_folium(
        fmap,
        feature_group_to_add=layers,
        layer_control=ViewControl(side="a/opposition", bounds=bounds, focus=None),
        returned_objects=[],
    )


@pytest.fixture
def shell(study, default_result, tmp_path):
    fmap = base_map(prepare_base_layers(study), data_url="../files/layers/data.js")
    return map_shell(fmap, zone_layers(default_result), store=_store(tmp_path))


def _published(shell, static_dir) -> str:
    url = shell.js_links[-1]
    assert url.startswith("../files/layers/")
    return (static_dir / "layers" / url.rsplit("/", 1)[1]).read_text()


def test_the_base_map_script_is_a_file_and_the_argument_a_loader(shell, st_folium_sends, tmp_path):
    static = _published(shell, tmp_path)
    held = json.loads(static.split(f"window.{SCRIPT_GLOBAL} = ", 1)[1].rstrip().rstrip(";"))
    assert held == st_folium_sends["script"]
    assert len(shell.script) < 60
    assert SCRIPT_GLOBAL in shell.script
    # The styles travel in the file too (the first view depends on the legend's width).
    assert ".idlib-legend" in static and ".idlib-legend" not in shell.header
    # st_folium's scripts, the libraries among them as one file ahead of the rest.
    theirs = st_folium_sends["js_links"]
    libraries = [url for url in theirs if url.startswith("../files/vendor/")]
    bundle, *rest = shell.js_links[:-1]
    assert rest == [url for url in theirs if url not in libraries] and len(libraries) > 2
    texts = [(tmp_path / url.removeprefix("../files/")).read_bytes() for url in libraries]
    assert (tmp_path / bundle.removeprefix("../files/")).read_bytes().split(b"\n;\n") == [
        b";\n" + texts[0],
        *texts[1:-1],
        texts[-1] + b"\n",
    ]
    assert shell.css_links == st_folium_sends["css_links"]


def test_the_libraries_bundle_keeps_order_and_leaves_one_library_alone(tmp_path):
    from geo import DataError
    from geo.mapview.assets import bundle_scripts

    store = _store(tmp_path)
    a, b = (store.publish("vendor", name, text) for name, text in [("a.js", b"A"), ("b.js", b"B")])
    own = store.publish("layers", "own.js", b"O")
    urls = bundle_scripts([a, own, b], store=store)
    assert urls[1:] == [own] and urls[0].startswith("../files/vendor/")
    assert (tmp_path / urls[0].removeprefix("../files/")).read_bytes() == b";\nA\n;\nB\n"
    assert bundle_scripts([own, a], store=store) == [own, a]
    (tmp_path / "vendor" / "b.js").unlink()
    with pytest.raises(DataError, match="cannot read the map's file"):
        bundle_scripts([a, b], store=store)


def test_a_steps_layers_are_what_st_folium_would_send(study, default_result, st_folium_sends):
    assert layers_script(zone_layers(default_result)) == st_folium_sends["feature_group"]


def test_the_control_is_rendered_once_and_reads_the_step(shell, st_folium_sends, default_result):
    step = view_step("a/opposition", tuple(default_result.zone.total_bounds), None)
    theirs = st_folium_sends["layer_control"]
    # st_folium's control carries this zone's view; the shell's reads it from the step.
    expected = theirs.replace(str(htmlsafe_json_dumps(step, sort_keys=True)), "window.IDLIB_STEP")
    assert expected != theirs
    assert shell.control == expected
    # Every layer the control lists is one the step defines.
    listed = set(re.findall(r"feature_group_feature_group_\d+", shell.control))
    defined = set(
        re.findall(r"var (feature_group_feature_group_\d+)", st_folium_sends["feature_group"])
    )
    assert listed and listed <= defined


def test_a_new_depth_changes_only_the_layers(study, shell, tmp_path):
    narrow, wide = (analyze(study, ZoneSpec(5.0, width)) for width in (10.0, 30.0))
    first, second = (layers_script(zone_layers(r)) for r in (narrow, wide))
    assert first != second
    assert "5\\u201310 km" in first and "5\\u201330 km" in second
    again = map_shell(
        base_map(prepare_base_layers(study), data_url="../files/layers/data.js"),
        zone_layers(wide),
        store=_store(tmp_path),
    )
    assert again == shell


def test_the_step_carries_no_markup(default_result):
    step = view_step_script("x</script><script>alert(1)//", (36.0, 35.0, 37.0, 36.0), "town-1")
    assert "<" not in step
    assert json.loads(step.split(" = ", 1)[1].rstrip().rstrip(";"))["focus"] == "town-1"


def test_sessions_publishing_the_same_file_at_once_all_succeed(tmp_path):
    """Defect: two first visitors (one comparing) wrote the same file through one temporary
    name, and one of them failed."""
    text = "window.IDLIB_MAP_SCRIPT = " + "x" * 500_000 + ";\n"
    errors: list[BaseException] = []
    for trial in range(10):
        static, barrier = tmp_path / str(trial), threading.Barrier(4)

        def publish(static=static, barrier=barrier):
            barrier.wait()
            try:
                publish_script(text, store=_store(static))
            except OSError as exc:
                errors.append(exc)

        threads = [threading.Thread(target=publish) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        (published,) = (static / "layers").iterdir()
        assert published.read_text() == text
    assert errors == []


def test_a_published_file_with_other_content_of_the_same_size_is_written_again(study, tmp_path):
    """A file cut short or changed by hand must not be served: it is compared, not sized."""
    store = _store(tmp_path)
    fmap = base_map(prepare_base_layers(study))
    used = localize_assets(fmap, store=store)
    script = publish_script("window.X = 1;\n", store=store)
    files = [tmp_path / url.removeprefix("../files/") for url in [*used, script]]
    good = {path: path.read_bytes() for path in files}
    for path, data in good.items():
        path.write_bytes(b"x" * len(data))
    assert localize_assets(base_map(prepare_base_layers(study)), store=store) == used
    assert publish_script("window.X = 1;\n", store=store) == script
    assert {path: path.read_bytes() for path in files} == good


def test_the_file_folder_is_configurable_and_otherwise_the_users_cache(monkeypatch, tmp_path):
    from pathlib import Path

    import platformdirs

    from geo.mapview.assets import cache_dir

    monkeypatch.setenv("IDLIB_ZONE_CACHE_DIR", str(tmp_path / "files"))
    assert cache_dir() == tmp_path / "files"
    monkeypatch.delenv("IDLIB_ZONE_CACHE_DIR")
    assert cache_dir() == Path(platformdirs.user_cache_dir("idlib-zone", appauthor=False))
    assert Path(__file__).resolve().parent.parent not in cache_dir().resolve().parents


def test_an_unwritable_file_folder_is_one_clear_error(tmp_path):
    from geo import DataError

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(DataError, match="IDLIB_ZONE_CACHE_DIR"):
        publish_script("window.X = 1;\n", store=FileStore(path=blocker, url="../files"))
