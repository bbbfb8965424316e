"""The ALTO that `baocao repair` writes validates against the ALTO schema
(schema/alto/, see its README): corrected words and `WC` confidences must
stay inside what ALTO allows, so archives' viewers and validators take the
file back. Uses the CLI binary, as the other CLI-parity tests do."""

import re

import pytest

from conftest import ROOT

etree = pytest.importorskip("lxml.etree")

ALTO = sorted((ROOT / "fixtures" / "ocr").glob("*/ocr.xml"))
V3, V4 = b"http://www.loc.gov/standards/alto/ns-v3#", b"http://www.loc.gov/standards/alto/ns-v4#"


@pytest.fixture(scope="module")
def schema():
    xlink = str(ROOT / "schema" / "alto" / "xlink.xsd")

    class Local(etree.Resolver):
        def resolve(self, url, pubid, context):
            if url.endswith("/xlink.xsd"):
                return self.resolve_filename(xlink, context)
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Local())
    return etree.XMLSchema(etree.parse(str(ROOT / "schema" / "alto" / "alto-4-4.xsd"), parser))


def errors(schema, data):
    """The schema's errors for an ALTO document, read as ALTO 4."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=True)
    doc = etree.fromstring(data.replace(V3, V4), parser)
    schema.validate(doc)
    return [(e.line, e.type_name, e.message) for e in schema.error_log]


def unique_ids(data):
    """Tesseract restarts IDs on every page; number them through the file."""
    count = {}

    def renumber(m):
        count[m.group(1)] = count.get(m.group(1), 0) + 1
        n = count[m.group(1)]
        return m.group(0) if n == 1 else b' ID="%s_%d"' % (m.group(1), n)

    return re.sub(rb' ID="([^"]+)"', renumber, data)


def repaired(cli, tmp_path, data):
    src = tmp_path / "in.xml"
    src.write_bytes(data)
    out = cli("repair", src).stdout
    assert out.startswith(b"<?xml"), out[:200]
    return out


def test_fixtures_are_alto_pages():
    assert len(ALTO) >= 8


@pytest.mark.parametrize("path", ALTO, ids=lambda p: p.parent.name)
def test_corrected_alto_has_no_schema_error_the_engine_file_lacks(cli, schema, tmp_path, path):
    original = path.read_bytes()
    corrected = repaired(cli, tmp_path, original)
    assert corrected != original, "repair changed no word: the check would prove nothing"
    before, after = errors(schema, original), errors(schema, corrected)
    assert after == before
    # What the engine got wrong is only its repeated IDs.
    assert all(t == "SCHEMAV_CVC_DATATYPE_VALID_1_2_1" and "ID'" in m for _, t, m in after)


@pytest.mark.parametrize("path", ALTO, ids=lambda p: p.parent.name)
def test_clean_alto4_input_comes_back_valid(cli, schema, tmp_path, path):
    clean = unique_ids(path.read_bytes().replace(V3, V4))
    assert errors(schema, clean) == []
    corrected = repaired(cli, tmp_path, clean)
    assert V4 in corrected[:400] and corrected != clean
    assert errors(schema, corrected) == []


def test_an_invalid_confidence_would_be_caught(schema):
    """The check can fail: a WC outside 0..1 is a schema error."""
    clean = unique_ids(ALTO[0].read_bytes().replace(V3, V4))
    broken = re.sub(rb'WC="[0-9.]+"', b'WC="1.5"', clean, count=1)
    assert broken != clean and errors(schema, broken)
