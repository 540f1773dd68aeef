"""render_markdown is called from gunicorn's worker threads at once (--threads): bleach's Linker
keeps parser state, so one shared instance raised IndexError under load (bench/load_comments.py)."""

import threading

from participation.core.markup import render_markdown


def test_render_markdown_from_many_threads_at_once():
    failures: list[BaseException] = []
    start = threading.Barrier(8)

    def work(n: int) -> None:
        start.wait()
        for i in range(150):
            # distinct texts, so the memo cache does not hide the parser
            text = (
                f"Paragraf {n}-{i} dengan **tebal** dan https://contoh.id/{n}/{i}\n\n"
                f"- butir satu\n- butir dua <b>x</b>\n\n> kutipan {i}"
            )
            try:
                html = render_markdown(text)
                assert f"https://contoh.id/{n}/{i}" in html
                assert "<strong>tebal</strong>" in html
            except BaseException as exc:
                failures.append(exc)
                return

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not failures, repr(failures[:3])
