"""Layered mappings and set unions read exactly as the dict and set they stand for."""

from hypothesis import given, settings
from hypothesis import strategies as st

from netsupport import layered
from netsupport.layered import GONE, Layered, SetUnion

KEYS = st.sampled_from([f"H{i}" for i in range(12)])
#: one edit's changes: a key set to a value, or removed
CHANGES = st.dictionaries(KEYS, st.one_of(st.integers(0, 9), st.just(GONE)), max_size=4)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, st.integers(0, 9)), st.lists(CHANGES, max_size=8),
       st.integers(1, 3), st.lists(st.booleans(), max_size=8))
def test_layers_read_as_the_dict_they_stand_for(start, edits, flat_min, walks):
    """Each layer equals a dict given the same changes: lookups, length, membership, and
    the order of its entries (a changed key keeps its place, a new one comes last), whether
    or not earlier layers were walked (made flat) and however small the flat threshold."""
    base = dict(start)
    before = dict(base)
    expected = dict(base)
    mapping = base
    old_min = layered.FLAT_MIN
    layered.FLAT_MIN = flat_min  # small: layers are made flat often, both paths are run
    try:
        for i, changes in enumerate(edits):
            mapping = Layered.over(mapping, changes)
            for key, value in changes.items():
                if value is GONE:
                    expected.pop(key, None)
                else:
                    expected[key] = value
            assert len(mapping) == len(expected)
            for key in (f"H{i}" for i in range(12)):
                assert (key in mapping) == (key in expected)
                assert mapping.get(key, "none") == expected.get(key, "none")
            if i < len(walks) and walks[i]:
                assert list(mapping.items()) == list(expected.items())
        assert dict(mapping) == expected and mapping == expected
    finally:
        layered.FLAT_MIN = old_min
    assert base == before  # the shared base is never changed


def test_a_removed_key_is_missing_and_the_base_untouched():
    base = {"H1": 1}
    m = Layered.over(base, {"H1": GONE})
    assert "H1" not in m and len(m) == 0 and m.get("H1") is None and dict(m) == {}
    try:
        m["H1"]
    except KeyError:
        pass
    else:
        raise AssertionError("a removed key must raise KeyError")
    assert base == {"H1": 1}


def test_a_layer_is_made_flat_when_its_changes_grow():
    base = {f"H{i}": i for i in range(10)}
    m = Layered.over(base, {f"N{i}": i for i in range(layered.FLAT_MIN + 1)})
    assert not m._top and m._base is not base and len(m) == 10 + layered.FLAT_MIN + 1


def test_a_layer_pickles_as_a_dict():
    import pickle

    m = Layered.over({"H1": 1, "H2": 2}, {"H2": GONE, "H3": 3})
    assert pickle.loads(pickle.dumps(m)) == {"H1": 1, "H3": 3}


@given(st.lists(st.frozensets(KEYS, max_size=6), max_size=4), st.lists(KEYS, max_size=6))
def test_a_union_reads_as_the_set_of_its_parts(parts, probe):
    union = SetUnion(parts)
    expected = frozenset().union(*parts)
    assert sorted(union) == sorted(expected) and len(union) == len(expected)
    assert union == expected
    assert union.intersection(probe) == expected.intersection(probe)
    assert all((k in union) == (k in expected) for k in probe)
