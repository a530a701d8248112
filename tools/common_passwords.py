"""Write web/auth/common_passwords.txt: weak passwords of 12+ characters, built from patterns.

This is no leaked-password corpus. It is generated from the patterns such lists are known to be
full of: keyboard walks, "password" and other common words with digits or years appended,
repeated characters and sequences, seasons and months with years. Only entries of at least 12
characters are written (shorter ones fail the length rule first), case-folded, one a line.

    .venv/bin/python tools/common_passwords.py
"""

from __future__ import annotations

import itertools
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "web" / "auth" / "common_passwords.txt"
MIN_LENGTH = 12

WORDS = (
    "password passw0rd p@ssword p@ssw0rd pa55word pass letmein welcome welcome1 admin "
    "administrator root qwerty monkey dragon football baseball basketball soccer hockey "
    "sunshine princess superman batman starwars trustno1 whatever shadow master michael "
    "jennifer jordan computer internet iloveyou loveyou lovely secret default changeme "
    "login access freedom flower hello charlie killer ninja mustang liverpool chelsea arsenal "
    "pokemon minecraft google facebook samsung apple microsoft windows summer winter spring "
    "autumn therapy therapist counselor counseling clinic clinician doctor nurse patient "
    "health notewell notes office company business"
).split()
SEASONS = "spring summer autumn fall winter".split()
MONTHS = (
    "january february march april may june july august september october november december"
).split()
SUFFIXES = (
    "",
    "1",
    "12",
    "123",
    "1234",
    "12345",
    "123456",
    "1234567",
    "12345678",
    "!",
    "1!",
    "123!",
    "!!",
    "@123",
    "#1",
    "01",
    "007",
    "69",
    "99",
    "000",
    "111",
    "321",
    "abc",
)
YEARS = [str(y) for y in range(1970, 2036)]
ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
SYMBOLS_ROW = "!@#$%^&*()"


def _words_with_suffixes() -> set[str]:
    found = set()
    for word in WORDS:
        for suffix in SUFFIXES:
            found.add(word + suffix)
            found.add(word + suffix + suffix)
        for year in YEARS:
            found.update({word + year, word + year + "!", word + "@" + year})
        found.add(word * 2)
        found.add(word * 3)
    return found


def _dates() -> set[str]:
    found = set()
    for name, year in itertools.product(SEASONS + MONTHS, YEARS):
        for sep in ("", "!", "@"):
            found.add(name + sep + year)
            found.add(name + year + sep)
    return found


def _keyboard_walks() -> set[str]:
    found = set()
    lines = ["".join(ROWS), "".join(ROWS[1:]), ROWS[0] + ROWS[1], SYMBOLS_ROW + ROWS[1]]
    lines += ["1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/", "qazwsxedcrfvtgbyhnujmikolp"]
    lines += ["zaq12wsxcde34rfvbgt56yhnmju78ik,", "!qaz@wsx#edc$rfv%tgb^yhn&ujm"]
    lines += ["".join(a + b for a, b in zip(ROWS[0], ROWS[1], strict=True))]  # 1q2w3e4r...
    lines += ["".join(a + b for a, b in zip(ROWS[1], ROWS[0], strict=True))]  # q1w2e3r4...
    for line in lines:
        for text in (line, line[::-1]):
            for length in range(MIN_LENGTH, min(len(text), 24) + 1):
                found.add(text[:length])
    for row in ROWS:
        for times in (2, 3):
            found.add(row * times)
            found.add(row[:6] * times)
            found.add(row[:4] * times)
    return found


def _repeats_and_sequences() -> set[str]:
    found = set()
    chars = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%*."
    for char in chars:
        for length in range(MIN_LENGTH, 21):
            found.add(char * length)
    for a, b in itertools.permutations("0123456789abcxyz", 2):
        found.add((a + b) * 6)
        found.add((a + b) * 7)
    for unit in (
        "123",
        "abc",
        "abc123",
        "123abc",
        "1234",
        "12345",
        "123456",
        "321",
        "0987",
        "love",
        "pass",
        "qwe",
        "asd",
        "zxc",
        "xyz",
        "aaa111",
        "111222333444",
    ):
        times = -(-MIN_LENGTH // len(unit))
        found.add(unit * times)
        found.add(unit * (times + 1))
    digits = "12345678901234567890"
    for length in range(MIN_LENGTH, 21):
        found.add(digits[:length])
        found.add(digits[:length][::-1])
        found.add("".join(str(d % 10) for d in range(length)))
    return found


def build() -> list[str]:
    """Every pattern's passwords of at least MIN_LENGTH characters, case-folded and sorted."""
    found = _words_with_suffixes() | _dates() | _keyboard_walks() | _repeats_and_sequences()
    return sorted({p.casefold() for p in found if len(p) >= MIN_LENGTH})


def main() -> None:
    words = build()
    OUT.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} passwords written to {OUT}")


if __name__ == "__main__":
    main()
