"""The espeak-ng worker process: reads requests on stdin, answers on stdout (see espeak.py).

Run as ``python -m phrasebook.audio.espeak_worker``; it exits when stdin closes.
"""

from __future__ import annotations

import json
import os
import sys
from typing import IO, Any

from .errors import AudioError, UnsupportedLanguage


def _answer(out: IO[bytes], header: dict[str, Any], payload: bytes = b"") -> None:
    out.write(json.dumps({**header, "bytes": len(payload)}).encode("utf-8") + b"\n")
    out.write(payload)
    out.flush()


def serve(inp: IO[bytes], out: IO[bytes]) -> None:
    from .espeak import EspeakLibrary

    library = EspeakLibrary()
    for line in inp:
        try:
            request = json.loads(line)
            raw = library.synthesize_raw(
                str(request["text"]), str(request["voice"]), int(request["rate"])
            )
        except UnsupportedLanguage as exc:
            _answer(out, {"ok": False, "kind": "voice", "error": str(exc)})
        except (AudioError, ValueError, KeyError, TypeError) as exc:
            _answer(out, {"ok": False, "kind": "synthesis", "error": str(exc)})
        else:
            _answer(out, {"ok": True, "sample_rate": library.sample_rate}, raw)


def main() -> None:
    # The answers get their own copy of stdout; anything the library prints goes to stderr
    # instead of corrupting them.
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, protocol)


if __name__ == "__main__":
    main()
