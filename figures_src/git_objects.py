"""Git's object format, written out: how blobs, trees and commits are encoded and named.

An object is stored as a header, `<type> <size in bytes>` and a NUL byte, followed by its content;
its id is the SHA-1 of those bytes, as 40 hexadecimal digits. The tests compare every id computed
here with the one the real `git` computes for the same object.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

BLOB_MODE, TREE_MODE = "100644", "40000"


def object_bytes(kind: str, content: bytes) -> bytes:
    """The bytes git hashes (and, zlib-compressed, stores): the header, a NUL, then the content."""
    return f"{kind} {len(content)}".encode() + b"\0" + content


def object_id(kind: str, content: bytes) -> str:
    return hashlib.sha1(object_bytes(kind, content)).hexdigest()


def blob_id(data: bytes) -> str:
    return object_id("blob", data)


@dataclass(frozen=True)
class Entry:
    """One line of a tree: a file (blob) or a folder (tree), its name and the id of its object."""

    mode: str
    name: str
    id: str


def tree_content(entries: list[Entry]) -> bytes:
    """Entries sorted as git sorts them (a folder's name compares as if it ended in '/'), each as
    `<mode> <name>`, a NUL, then the 20 raw bytes of the id."""
    ordered = sorted(entries, key=lambda e: e.name.encode() + (b"/" if e.mode == TREE_MODE else b""))
    return b"".join(f"{e.mode} {e.name}".encode() + b"\0" + bytes.fromhex(e.id) for e in ordered)


def tree_id(entries: list[Entry]) -> str:
    return object_id("tree", tree_content(entries))


@dataclass(frozen=True)
class Signature:
    """Who and when: `Name <email> <seconds since 1970> <UTC offset>`."""

    name: str
    email: str
    time: int
    offset: str = "+0000"

    def line(self) -> str:
        return f"{self.name} <{self.email}> {self.time} {self.offset}"


def commit_content(tree: str, parents: list[str], author: Signature, committer: Signature, message: str) -> bytes:
    lines = [f"tree {tree}", *(f"parent {p}" for p in parents),
             f"author {author.line()}", f"committer {committer.line()}", "", message]
    return "\n".join(lines).encode()


def commit_id(tree: str, parents: list[str], author: Signature, committer: Signature, message: str) -> str:
    return object_id("commit", commit_content(tree, parents, author, committer, message))
