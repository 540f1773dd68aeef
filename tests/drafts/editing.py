"""Edit scripts on real regulations, for the mapping's property test and its benchmark.

A parsed body becomes a tree of ``Node`` values that remember which old unit they came from
(``origin``); random edits (insert, delete, move a pasal, insert an ayat so the later ones are
renumbered, rewrite an ayat, remove a huruf in the middle, split a pasal in two) change the
tree, and ``render`` lays it out again as regulation text ("Pasal N" on its own line, "(1)" ayat,
"a." huruf, hard wraps at a random width, hyphenated words broken at the line end) and returns
the key every node was given. The ground truth of an edited copy is then: old key → the key of
the node whose origin it is, or nothing when the edit script deleted it.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from participation.drafts.anchoring import Mapping
from participation.drafts.parsing import CONTAINER_KINDS, ParseResult, Unit, iter_units

# The real texts the edit scripts run on, and the regulations that lend inserted pasal and rewritten
# words (legal wording that must not be taken for the clause it replaced); paths under
# tests/fixtures. Shared by the property test and bench/mapping.py.
TEXTS = (
    "regulations/perda_prov_sulut_2012_01_retribusi_daerah.txt",
    "regulations/uu_2019_24_ekonomi_kreatif.txt",
    "regulations/pp_2021_01_pemeriksaan_pnbp.txt",
    "regulations/perda_prov_sulut_2019_03_pertambangan_mineral.txt",
    "regulations/uu_2020_10_bea_meterai.txt",
    "perda/perda_kota_surabaya_2009_01_perparkiran_dan_retribusi_parkir.txt",
)
DONORS = (
    "regulations/permenkominfo_2016_10_nomor_tunggal_panggilan_darurat.txt",
    "regulations/pojk_2014_06_penyelenggaraan_usaha_lembaga_penjaminan.txt",
    "regulations/perban_bssn_2020_08_sistem_pengamanan_sistem_elektronik.txt",
)

WORDS = (
    "pemerintah daerah wajib menyediakan ruang terbuka hijau publik paling sedikit persen luas "
    "wilayah kota setiap orang berhak memperoleh pelayanan kesehatan layak pengelolaan sampah "
    "dilakukan secara terpadu oleh perangkat bersama masyarakat dunia usaha perizinan diberikan "
    "retribusi dipungut berdasarkan tarif ditetapkan kelurahan kecamatan rukun tetangga "
    "anggaran pendapatan belanja taman bermain anak sekolah jalan lingkungan drainase sungai "
    "banjir pasar rakyat pedagang kaki lima angkutan umum terminal pelabuhan nelayan petani"
).split()
OPS = ("insert", "delete", "move", "renumber", "rewrite", "drop_huruf", "split")


@dataclass(eq=False)
class Node:
    kind: str
    number: str | None
    heading: str | None
    text: str
    children: list[Node] = field(default_factory=list)
    origin: str | None = None  # the old unit's key; None for a unit the script added
    split_of: Node | None = None  # the second half of a split pasal: its first half


def tree(units: list[Unit]) -> list[Node]:
    return [Node(u.kind, u.number, u.heading, u.text, tree(u.children), u.key) for u in units]


def walk(nodes: list[Node]):
    for node in nodes:
        yield node
        yield from walk(node.children)


def _parents(nodes: list[Node]) -> dict[Node, list[Node]]:
    """Each node's sibling list (top-level nodes: ``nodes`` itself)."""
    out = {node: nodes for node in nodes}
    for node in walk(nodes):
        for child in node.children:
            out[child] = node.children
    return out


def _pasal(nodes: list[Node]) -> list[Node]:
    return [n for n in walk(nodes) if n.kind == "pasal"]


def _sentence(rng: random.Random, words: list[str], low: int = 8, high: int = 24) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(low, high))).capitalize() + "."


def _copy(node: Node) -> Node:
    return Node(node.kind, node.number, node.heading, node.text, [_copy(c) for c in node.children])


def _new_pasal(rng: random.Random, donors: list[Node]) -> Node:
    """A pasal of another regulation (legal wording, unrelated content), or made-up words."""
    if donors and rng.random() < 0.7:
        return _copy(rng.choice(donors))
    if rng.random() < 0.5:
        return Node("pasal", None, None, _sentence(rng, WORDS))
    ayat = [Node("ayat", None, None, _sentence(rng, WORDS)) for _ in range(rng.randint(2, 3))]
    return Node("pasal", None, None, "", ayat)


def donors(units: list[Unit]) -> list[Node]:
    """The pasal of a regulation, to be inserted into another one."""
    return [n for n in walk(tree(units)) if n.kind == "pasal"]


def _movable(nodes: list[Node], parents: dict[Node, list[Node]]) -> list[Node]:
    # a BAB left without any pasal would be a different document, not an edit of this one
    return [p for p in _pasal(nodes) if len([s for s in parents[p] if s.kind == "pasal"]) > 1]


def apply(rng: random.Random, nodes: list[Node], op: str, pool: list[Node] | None = None) -> str | None:
    """Apply one edit in place; returns what was done (for a failing example's report), or
    None when the document offers no place for it. ``pool``: pasal of other regulations, the
    text of inserted pasal and the words of rewrites."""
    pool = pool or []
    vocabulary = [w for n in walk(pool[:30]) for w in n.text.split() if w.isalpha()] or WORDS
    parents = _parents(nodes)
    pasal = _pasal(nodes)
    if op == "insert":
        after = rng.choice(pasal[:-1] or pasal)
        siblings = parents[after]
        siblings.insert(siblings.index(after) + 1, _new_pasal(rng, pool))
        return f"insert after {after.origin}"
    if op == "delete":
        movable = _movable(nodes, parents)
        if not movable:
            return None
        gone = rng.choice(movable)
        parents[gone].remove(gone)
        return f"delete {gone.origin}"
    if op == "move":
        movable = _movable(nodes, parents)
        if len(movable) < 2 or len(pasal) < 3:
            return None
        moved = rng.choice(movable)
        parents[moved].remove(moved)
        after = rng.choice([p for p in pasal if p is not moved])
        siblings = parents[after]
        siblings.insert(siblings.index(after) + 1, moved)
        return f"move {moved.origin} after {after.origin}"
    if op == "renumber":  # an ayat inserted in the middle: the later ayat are renumbered
        hosts = [p for p in pasal if len([c for c in p.children if c.kind == "ayat"]) >= 2]
        if not hosts:
            return None
        host = rng.choice(hosts)
        at = rng.randint(1, len(host.children) - 1)
        host.children.insert(at, Node("ayat", None, None, _sentence(rng, vocabulary)))
        return f"ayat inserted in {host.origin} at {at}"
    if op == "rewrite":
        # one ayat of a pasal that has others: rewritten substantially, the pasal mostly kept
        ayat = [
            a
            for p in pasal
            if len([c for c in p.children if c.kind == "ayat"]) >= 2
            for a in p.children
            if a.kind == "ayat" and len(a.text.split()) >= 8
        ]
        if not ayat:
            return None
        target = rng.choice(ayat)
        words = target.text.split()
        span = max(2, round(len(words) * rng.uniform(0.3, 0.45)))
        start = rng.randint(0, len(words) - span)
        end = words[-1][-1:] if words[-1][-1:] in ".;:," else ""
        words[start : start + span] = [rng.choice(vocabulary) for _ in range(span)]
        # an ayat ends as drafters end it (its full stop or semicolon): a rewrite ending on a
        # bare "ayat" or "Pasal" would glue the next "(5)" to it as a reference, which is how
        # the parser must read that line break in a real text
        if end and not words[-1].endswith(end):
            words[-1] = words[-1].rstrip(".;:,") + end
        target.text = " ".join(words)
        return f"rewrite {target.origin}"
    if op == "drop_huruf":
        lists = [n for n in walk(nodes) if len([c for c in n.children if c.kind == "huruf"]) >= 3]
        if not lists:
            return None
        host = rng.choice(lists)
        huruf = [c for c in host.children if c.kind == "huruf"]
        gone = rng.choice(huruf[:-1])
        host.children.remove(gone)
        return f"drop {gone.origin}"
    if op == "split":
        hosts = [
            p
            for p in pasal
            if not p.text and len(p.children) >= 3 and all(c.kind == "ayat" for c in p.children)
        ]
        if not hosts:
            return None
        host = rng.choice(hosts)
        at = rng.randint(1, len(host.children) - 1)
        second = Node("pasal", None, None, "", host.children[at:], split_of=host)
        del host.children[at:]
        siblings = parents[host]
        siblings.insert(siblings.index(host) + 1, second)
        return f"split {host.origin} at {at}"
    raise ValueError(op)


# --------------------------------------------------------------------------- rendering

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# words a wrapped line must not start with: they would read as a new unit or heading
_RISKY_RE = re.compile(r"^(?:[A-Z(\d]|[a-z]{1,2}[.)]$)")


def _label(kind: str, index: int) -> str:
    if kind == "huruf":
        return _LETTERS[index] if index < 26 else _LETTERS[index - 26] * 2
    return str(index + 1)


def _wrap(rng: random.Random, text: str, width: int) -> list[str]:
    """Hard wraps, gluing a risky word to the one before; now and then a hyphenated word is
    broken at its hyphen across the line end, as PDFs do."""
    chunks: list[str] = []
    for word in text.split():
        if chunks and _RISKY_RE.match(word):
            chunks[-1] += " " + word
        else:
            chunks.append(word)
    lines: list[str] = []
    current = ""
    for chunk in chunks:
        if current and len(current) + 1 + len(chunk) > width:
            head, dash, tail = chunk.partition("-")
            if (
                dash
                and head.isalpha()
                and tail[:1].isalpha()
                and not _RISKY_RE.match(tail)
                and rng.random() < 0.7
            ):
                lines.append(f"{current} {head}-")
                current = tail
                continue
            lines.append(current)
            current = chunk
        else:
            current = f"{current} {chunk}" if current else chunk
    return lines + ([current] if current else [])


def render(rng: random.Random, nodes: list[Node]) -> tuple[str, dict[Node, str]]:
    """The body laid out as regulation text, and the key each node gets when it is parsed."""
    width = rng.randint(60, 100)
    out: list[str] = []
    keys: dict[Node, str] = {}
    pasal_no = 0

    def para(marker: str, text: str, indent: int) -> None:
        hang = indent + (len(marker) + 1 if marker else 0)
        lines = _wrap(rng, text, max(30, width - hang)) or [""]
        first = f"{marker} {lines[0]}".rstrip() if marker else lines[0]
        out.append(" " * indent + first)
        out.extend(" " * hang + line for line in lines[1:])

    def clauses(node: Node, key: str, indent: int, styles: tuple[str, ...]) -> None:
        counters: dict[str, int] = {}
        for child in node.children:
            index = counters.get(child.kind, 0)
            counters[child.kind] = index + 1
            label = _label(child.kind, index)
            child_key = f"{key}/{child.kind}-{label}"
            keys[child] = child_key
            if child.kind == "ayat":
                marker, style = f"({label})", "ayat"
            else:
                # a list nested in a list of the same kind is numbered "a)" / "1)"
                style = child.kind if child.kind not in styles else child.kind + ")"
                marker = f"{label}." if not style.endswith(")") else f"{label})"
            para(marker, child.text, indent)
            clauses(child, child_key, indent + len(marker) + 1, (*styles, style))

    def body(items: list[Node]) -> None:
        nonlocal pasal_no
        for node in items:
            if node.kind in CONTAINER_KINDS:
                # containers are never added or renumbered by the scripts: they keep their key
                keys[node] = node.origin or ""
                title = {"bab": "BAB", "bagian": "Bagian", "paragraf": "Paragraf"}[node.kind]
                out.extend(["", f"{title} {node.number}", node.heading or ""])
                body(node.children)
            elif node.kind == "pasal":
                pasal_no += 1
                keys[node] = f"pasal-{pasal_no}"
                out.extend(["", f"Pasal {pasal_no}"])
                if node.text:
                    para("", node.text, 0)
                clauses(node, keys[node], 0, ())
            else:
                raise ValueError(node.kind)

    body(nodes)
    return "\n".join(out).lstrip("\n") + "\n", keys


# --------------------------------------------------------------------------- ground truth


def _layout_free(text: str) -> str:
    # the test's own notion of "the same text": no whitespace, no hyphen at a wrap
    return re.sub(r"\s+", "", re.sub(r"(?<=[^\W\d_])-\s*(?=[^\W\d_])", "", text))


def same(old: Unit, new: Unit) -> bool:
    """Same text modulo layout, children included (with their list labels)."""
    if (
        old.kind != new.kind
        or _layout_free(f"{old.heading or ''}{old.text}") != _layout_free(f"{new.heading or ''}{new.text}")
        or len(old.children) != len(new.children)
    ):
        return False
    for a, b in zip(old.children, new.children, strict=True):
        # list labels are content (huruf b dropped changes the ayat); a BAB's pasal numbers not
        numbered = not (old.kind in CONTAINER_KINDS and a.kind == "pasal")
        if (numbered and a.key.rsplit("/", 1)[-1] != b.key.rsplit("/", 1)[-1]) or not same(a, b):
            return False
    return True


def truth(old: ParseResult, nodes: list[Node], keys: dict[Node, str]) -> dict[str, set[str | None]]:
    """Old body key -> the new keys the script made of it ({None}: it deleted it)."""
    went: dict[str, set[str | None]] = {u.key: {None} for u in iter_units(old.units)}
    for node in walk(nodes):
        if node.origin is not None:
            went[node.origin] = {keys[node]}
    for node in walk(nodes):
        if node.split_of is not None and node.split_of.origin is not None:
            # a pasal split in two lives on in either half: both readings are right
            went[node.split_of.origin].add(keys[node])
    return went


def wrong_units(
    old: ParseResult, new: ParseResult, mappings: list[Mapping], went: dict[str, set[str | None]]
) -> list[tuple[str, str | None, str]]:
    """The old body units the mapping got wrong: another unit than the script made of it, or
    the wrong status (unchanged/renumbered exactly when the text is the same, with confidence
    1.0; changed below 1.0; removed when deleted)."""
    new_units = {u.key: u for u in iter_units(new.units)}
    by_old = {m.old_key: m for m in mappings if m.old_key in went}
    wrong = []
    for unit in iter_units(old.units):
        m = by_old[unit.key]
        target = new_units.get(m.new_key) if m.new_key else None
        if m.new_key not in went[unit.key]:
            ok = False
        elif target is None:
            ok = m.status == "removed"
        elif same(unit, target):
            ok = m.status == ("unchanged" if unit.key == target.key else "renumbered")
            ok = ok and m.similarity == 1.0
        else:
            ok = m.status == "changed" and 0.0 < m.similarity < 1.0
        if not ok:
            wrong.append((unit.key, m.new_key, m.status))
    return wrong
