"""Find target-language words whose pronunciation aid spells a common word of the reader's
language: the candidates for phrasebook/data/false_friends.json.

Not part of the product or the test suite (it needs wordfreq's frequency lists, which the
product does not ship). Run it when the seeds or the aid rules change, read the candidates,
and add to the data file the ones a reader could really mistake, with a source:

    python -m venv /tmp/scan && /tmp/scan/bin/pip install wordfreq
    PYTHONPATH=. /tmp/scan/bin/python tools/scan_false_friends.py [--top 20000]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import wordfreq  # type: ignore[import-not-found]  # a tool-only dependency, see above

from phrasebook.pronunciation import transcribe

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
# Short answers and words heard alone, whether or not the seeds use them.
SPOKEN_ALONE = (
    "네 예 아니요 아니 아뇨 다 안 못 나 너 저 이 그 좀 왜 뭐 응 어 음 자 야 얘 걔 네가 내가 "
    "돼 돼요 되요 와 가 봐 해 줘 빨리 조용 괜찮아 맞아 그래 진짜"
).split()


def korean_words() -> set[str]:
    words = set(SPOKEN_ALONE)
    for path in sorted(SEEDS.glob("*.json")):
        for phrase in json.loads(path.read_text("utf-8"))["phrases"]:
            for tag, translation in phrase["translations"].items():
                if tag.startswith("ko"):
                    words.update(re.findall("[가-힣]+", translation["text"]))
    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=20000, help="how many frequent words")
    args = parser.parse_args()
    for reader in ("uk", "ru"):
        common = set(wordfreq.top_n_list(reader, args.top))
        for word in sorted(korean_words()):
            aid = transcribe(word, "ko", reader) or ""
            if aid in common:
                rank = wordfreq.top_n_list(reader, args.top).index(aid) + 1
                print(f"{reader}\t{word}\t{aid}\trank {rank}")


if __name__ == "__main__":
    main()
