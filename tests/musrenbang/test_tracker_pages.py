from participation.core.clock import utcnow
from participation.musrenbang import demo as musrenbang_demo


def test_tracker_second_page(client, session, regions):
    musrenbang_demo.demo_step(session, now=utcnow())
    session.commit()
    first = client.get("/musrenbang/usulan")
    assert first.status_code == 200
    assert "Berikutnya" in first.get_data(as_text=True)
    second = client.get("/musrenbang/usulan?hal=2")
    assert second.status_code == 200
    assert "Sebelumnya" in second.get_data(as_text=True)
