"""What `check` keeps besides its reports (issue 27): the page rules' problems per page, fontconfig's answers,
the fonts' coverage as bits. Each is the same kept or not; a changed page or font set-up is judged again."""

from __future__ import annotations

import os
import pickle
import subprocess

import pytest
from course_copies import MODULE, copy_course, edit

from build_tools.checks import page_rules
from build_tools.course import cache_store
from build_tools.course.cache_store import CacheStore
from build_tools.course.load import load_course
from build_tools.pdf import fonts
from build_tools.pdf.fonts import TEXT_FONT, Coverage


def _found_directly(course) -> dict:
    return {rule: list(rule(course)) for rule in page_rules.PAGE_RULES}


def test_the_page_rules_kept_per_page_find_what_they_find_and_judge_only_the_edited_page_again(tmp_path,
                                                                                              monkeypatch):
    root = copy_course(tmp_path)
    edit(root, MODULE, '!!! trainer "培训师备注"', '!!!trainer "培训师备注"')
    edit(root, MODULE, "本模块练习倾听。", "本模块练习倾听。请把练习表发给各组。")
    store = CacheStore(tmp_path / "cache")
    course = load_course(root).course
    found = page_rules.kept_page_problems(course, store)
    assert found == _found_directly(course)
    assert [p.code for problems in found.values() for p in problems] == ["block.facilitator_spelling",
                                                                         "text.for_trainer"]
    judged: list[str] = []
    counting = {rule: (lambda page, judge=judge: (judged.append(str(page.source_path)), judge(page))[1])
                for rule, judge in page_rules.PAGE_RULES.items()}
    monkeypatch.setattr(page_rules, "PAGE_RULES", counting)
    assert page_rules.kept_page_problems(course, store) == found
    assert judged == []  # every page unchanged: all kept
    edit(root, MODULE, "请把练习表发给各组。", "")
    edited = load_course(root).course
    assert page_rules.kept_page_problems(edited, store) == _found_directly(edited)
    assert judged == [MODULE, MODULE]  # the edited page, by each of the two rules, and no other page
    assert [p.code for problems in _found_directly(edited).values() for p in problems] == [
        "block.facilitator_spelling"]


def test_fonts_coverage_as_bits_answers_as_the_set_of_code_points():
    codes = [0x20, 0x41, 0x4E2D, 0x1F600]
    coverage = Coverage.of(codes)
    assert [code for code in range(0x20000) if code in coverage] == codes
    assert -1 not in coverage and 0x10FFFF not in coverage and "A" not in coverage
    both = coverage & Coverage.of([0x41, 0x4E2D, 0x4E2E])
    assert [code for code in range(0x20000) if code in both] == [0x41, 0x4E2D]
    assert pickle.loads(pickle.dumps(coverage)) == coverage


def test_fontconfigs_answer_is_kept_until_its_folders_change(monkeypatch):
    face = fonts.find_face(TEXT_FONT, "Regular")

    def no_fc_match(*args, **kwargs):
        raise AssertionError("fc-match asked again")

    monkeypatch.setattr(subprocess, "run", no_fc_match)
    assert fonts.find_face(TEXT_FONT, "Regular") == face
    monkeypatch.setattr(fonts, "_fontconfig_state", lambda: -1)  # a font installed: fontconfig is asked again
    with pytest.raises(AssertionError, match="fc-match asked again"):
        fonts.find_face(TEXT_FONT, "Regular")


def test_fontconfig_state_follows_its_folders(tmp_path, monkeypatch):
    folder = tmp_path / "fonts"
    folder.mkdir()
    os.utime(folder, ns=(10**18, 10**18))  # long before the font below is added
    monkeypatch.setattr(fonts, "FONTCONFIG_FOLDERS", (str(folder), str(tmp_path / "absent")))
    fonts._fontconfig_state.cache_clear()
    before = fonts._fontconfig_state()
    (folder / "new-font.otf").write_bytes(b"")
    fonts._fontconfig_state.cache_clear()
    try:
        assert fonts._fontconfig_state() != before
    finally:
        fonts._fontconfig_state.cache_clear()


def test_facts_are_kept_by_their_additions_until_there_are_many(tmp_path, monkeypatch):
    store = CacheStore(tmp_path)
    monkeypatch.setattr(cache_store, "FEW_ADDED", 2)
    store.put_facts("cuts", "jieba", {"a": 1}, keep=10)
    whole = (tmp_path / "cuts-jieba").read_bytes()
    store.put_facts("cuts", "jieba", {"b": 2}, keep=10)
    store.put_facts("cuts", "jieba", {"c": 3}, keep=10)
    assert (tmp_path / "cuts-jieba").read_bytes() == whole  # only the two additions written
    assert store.get_facts("cuts", "jieba") == {"a": 1, "b": 2, "c": 3}
    store.put_facts("cuts", "jieba", {"d": 4}, keep=3)  # many: written whole
    assert store.get("cuts", "jieba") == {"b": 2, "c": 3, "d": 4} and store.get("cuts", "jieba+added") == {}
    assert store.get_facts("cuts", "jieba") == {"b": 2, "c": 3, "d": 4}
    (tmp_path / "cuts-jieba").write_bytes(b"damaged")
    assert store.get_facts("cuts", "jieba") is None


def test_library_versions_read_from_their_folders_are_importlib_metadatas():
    """The toolchain's fingerprint (every job key, check's folder) reads versions from `.dist-info` names."""
    from importlib import metadata

    from build_tools.pipeline.check_cache import CHECK_PACKAGES
    from build_tools.pipeline.fingerprints import TOOL_PACKAGES, installed_versions

    names = (*TOOL_PACKAGES, *CHECK_PACKAGES, "pip", "no-such-library")
    expected = {}
    for name in names:
        try:
            expected[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    assert installed_versions(names) == expected
    assert list(installed_versions(names)) == [name for name in names if name in expected]
    assert "no-such-library" not in expected and "jieba" in expected


def test_make_serve_reads_a_save_with_checks_cache(tmp_path):
    """A save is checked with `make check`'s kept parses: only the saved page is parsed (and kept) again."""
    from build_tools.serve.session import PreviewSession

    root = copy_course(tmp_path)
    session = PreviewSession(root, tmp_path / "work", facilitator=True, report=lambda line: None)
    session.rebuild(0.0)
    pages = {entry.name for entry in session.store.folder.glob("page-*")}
    assert len(pages) > 8 and session.course is not None
    edit(root, MODULE, "本模块练习倾听。", "本模块练习认真倾听。")
    session.rebuild(0.0)
    assert len({entry.name for entry in session.store.folder.glob("page-*")} - pages) == 1
    assert "本模块练习认真倾听。" in "\n".join(session.course.page("modules/01-listening", "zh").body_lines)


def test_the_preview_finds_a_pdfs_pages_with_pdfinfo_as_pypdf_finds_them(tmp_path):
    """`make serve` reads where each course page starts with poppler's pdfinfo (pypdf took a second a guide)."""
    from pypdf import PdfWriter

    from build_tools.serve.pdf_preview import PdfPreview, _listed_destinations, _read_destinations

    writer = PdfWriter()
    for _ in range(5):
        writer.add_blank_page(width=595, height=842)
    for name, page in (("index", 0), ("modules.01-listening", 1), ("modules.01-listening--basics", 2),
                       ("cases.hard_20_talk", 4)):
        writer.add_named_destination(name, page)
    pdf = tmp_path / "guide.pdf"
    with pdf.open("wb") as stream:
        writer.write(stream)
    listed = _listed_destinations(pdf)
    assert listed == _read_destinations(pdf) == {"index": 1, "modules.01-listening": 2,
                                                 "modules.01-listening--basics": 3, "cases.hard_20_talk": 5}
    assert PdfPreview(tmp_path / "work", ())._page_count(pdf) == 5


def test_a_library_installed_without_a_versioned_dist_info_is_asked_the_long_way(tmp_path, monkeypatch):
    """An `.egg-info` (or a `.dist-info` whose name holds no version) is read by importlib.metadata, as before."""
    from build_tools.pipeline.fingerprints import installed_versions

    for folder, name, version in (("fake_egg.egg-info", "fake-egg", "3.2.1"), ("fake_wheel.dist-info", "fake-wheel",
                                                                                  "1.4")):
        (tmp_path / folder).mkdir()
        metadata_file = "PKG-INFO" if folder.endswith("egg-info") else "METADATA"
        (tmp_path / folder / metadata_file).write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
                                                       encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert installed_versions(("fake-egg", "Fake_Wheel", "pip")) == {
        "fake-egg": "3.2.1", "Fake_Wheel": "1.4", "pip": installed_versions(("pip",))["pip"]}


def test_yaml_without_libyaml_reads_the_same_trees_and_words_errors_the_same(monkeypatch):
    """libyaml is optional (PyYAML built without it): the pure-Python parser gives the same nodes and errors."""
    import yaml

    from build_tools.course import yaml_nodes

    good, bad = "title: 领导力\nminutes: 90\nitems: [a, b]\n", "title: [unclosed\n"

    def read(text: str) -> object:
        try:
            node = yaml_nodes.compose(text)
        except yaml.YAMLError as error:
            return str(error)
        return yaml.serialize(node)

    fast = (read(good), read(bad))
    monkeypatch.setattr(yaml_nodes, "FAST_LOADER", None)
    assert (read(good), read(bad)) == fast
    assert "title:" in fast[0] and "line" in fast[1]  # a tree, and an error that names its line
