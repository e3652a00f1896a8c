"""The backup archive: one uncompressed tar (the dump is compressed by pg_dump, PDFs are
compressed already) holding

    db.dump          the database, ``pg_dump --format=custom``
    private/<path>   every file under PRIVATE_MEDIA_ROOT (report PDFs, signed scans)
    manifest.json    written last: versions, row counts per table, triggers, extensions, and
                     the size and SHA-256 of the dump and of every private file

An archive is written under a ``.part`` name and renamed when complete, readable by its owner
only (it holds personal data). Reading checks every checksum before anything is restored.
"""

import hashlib
import io
import json
import os
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from areas.backup.postgres import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "db.dump"
PRIVATE = "private/"
CHUNK = 1 << 20


class _Hashing:
    """A file read through: what tarfile copies is hashed on the way."""

    def __init__(self, raw):
        self.raw = raw
        self.hash = hashlib.sha256()

    def read(self, size=-1):
        data = self.raw.read(size)
        self.hash.update(data)
        return data


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def private_files(root: Path) -> list[str]:
    """The regular files under ``root`` (symbolic links left out), as relative POSIX paths."""
    if not root.is_dir():
        return []
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def _add_file(tar: tarfile.TarFile, path: Path, arcname: str) -> dict:
    # Checksum and size are those of the bytes archived: a file replaced meanwhile (report
    # PDFs are moved into place whole) is read consistently from the handle opened here.
    with path.open("rb") as f:
        info = tar.gettarinfo(arcname=arcname, fileobj=f)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _Hashing(f)
        tar.addfile(info, reader)
    return {"sha256": reader.hash.hexdigest(), "size": info.size}


def write(path: Path, dump: Path, private_root: Path, manifest: dict) -> dict:
    """Write the archive at ``path``; returns the manifest completed with the checksums."""
    part = path.with_name(path.name + ".part")
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with (
            os.fdopen(fd, "wb") as raw,
            tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar,
        ):
            manifest = {**manifest, "format": FORMAT, "dump": _add_file(tar, dump, DUMP)}
            manifest["private"] = {
                rel: _add_file(tar, private_root / rel, PRIVATE + rel)
                for rel in private_files(private_root)
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode = len(data), 0o600
            tar.addfile(info, io.BytesIO(data))
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return manifest


def _safe(rel: str) -> str:
    path = PurePosixPath(rel)
    if not rel or path.is_absolute() or ".." in path.parts or path.as_posix() != rel:
        raise BackupError(f"unsafe path in the archive: {rel!r}")
    return rel


class Archive:
    """An archive opened for restoring; ``verify()`` before using anything in it."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.tar = tarfile.open(path, mode="r:")  # noqa: SIM115 (closed by __exit__)
        except (OSError, tarfile.TarError) as error:
            raise BackupError(f"cannot read the archive {path}: {error}") from error
        try:
            self.members = {member.name: member for member in self.tar.getmembers()}
            if MANIFEST not in self.members:
                raise BackupError(f"{path} has no {MANIFEST}: not a complete backup")
            self.manifest = json.loads(self._open(MANIFEST).read())
            if self.manifest.get("format") != FORMAT:
                raise BackupError(f"{path}: unknown archive format {self.manifest.get('format')!r}")
            self.files = {_safe(rel): meta for rel, meta in self.manifest["private"].items()}
        except BaseException:
            self.tar.close()
            raise

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.tar.close()

    def _open(self, name: str):
        member = self.members.get(name)
        if member is None or not member.isreg():
            raise BackupError(f"{self.path}: {name} is missing or not a regular file")
        return self.tar.extractfile(member)

    def _expected(self) -> dict[str, dict]:
        return {DUMP: self.manifest["dump"], **{PRIVATE + r: m for r, m in self.files.items()}}

    def verify(self) -> None:
        """Every member is in the manifest, every checksum and size matches."""
        expected = self._expected()
        unexpected = sorted(set(self.members) - set(expected) - {MANIFEST})
        if unexpected:
            raise BackupError(f"{self.path}: members not in the manifest: {unexpected[:5]}")
        for name, meta in expected.items():
            source = _Hashing(self._open(name))
            size = 0
            while chunk := source.read(CHUNK):
                size += len(chunk)
            if (source.hash.hexdigest(), size) != (meta["sha256"], meta["size"]):
                raise BackupError(f"{self.path}: {name} does not match its checksum")

    def _copy(self, name: str, destination: Path) -> None:
        """Copy a member to ``destination`` through a temporary file beside it, checking the
        bytes written against the manifest before moving it into place."""
        meta = self._expected()[name]
        destination.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=destination.parent, suffix=".part")
        try:
            source = _Hashing(self._open(name))
            with os.fdopen(fd, "wb") as out:
                while chunk := source.read(CHUNK):
                    out.write(chunk)
            if source.hash.hexdigest() != meta["sha256"]:
                raise BackupError(f"{name} changed while being restored")
            os.replace(tmp, destination)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def extract_dump(self, directory: Path) -> Path:
        path = directory / DUMP
        self._copy(DUMP, path)
        return path

    def restore_private(self, root: Path) -> None:
        """Write the private files under ``root``, then read them back against the manifest."""
        for rel in self.files:
            self._copy(PRIVATE + rel, root / rel)
        for rel, meta in self.files.items():
            if sha256_file(root / rel) != meta["sha256"]:
                raise BackupError(f"restored file {root / rel} does not match its checksum")
