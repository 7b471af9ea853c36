"""make xem in a real browser (Debian's headless chromium): the page lists the year, shows the chosen PDF, and after
a save it reloads by itself and shows the new PDF."""

from __future__ import annotations

import os
import re
import signal
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from pipeline.pdf.check import page_texts
from tests.conftest import DOCUMENTS
from tests.test_faults import run_cli

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
DOC = "cong_van_hoi_nghi_tong_ket_2024"


@pytest.fixture
def xem(tmp_project):
    """A running make xem on a copy of the project; yields (project, address, process)."""
    run = run_cli(tmp_project, "xem", "--year", "2024", "--cong", "0", start_new_session=True)
    try:
        line = run.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert found, line + run.stderr.read() if run.poll() is not None else line
        yield tmp_project, found[0], run
    finally:
        os.killpg(run.pid, signal.SIGINT)  # Ctrl+C: the converters go with it
        try:
            run.wait(timeout=30)
        except Exception:  # noqa: BLE001 - a guard: never leave it running
            os.killpg(run.pid, signal.SIGKILL)


@pytest.fixture
def browser():
    if not CHROMIUM.exists() or not DRIVER.exists():
        pytest.fail("this test needs Debian's chromium and chromium-driver (make setup installs them)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def wait(browser, what, seconds: float = 60):
    return WebDriverWait(browser, seconds, poll_frequency=0.1).until(lambda _: what())


def pdf_src(browser) -> str:
    frames = browser.find_elements(By.ID, "pdf")
    return frames[0].get_attribute("src") or "" if frames else ""


def test_the_page_lists_the_year_and_shows_the_new_pdf_after_a_save(xem, browser):
    project, address, run = xem
    browser.get(address)
    wait(browser, lambda: browser.find_element(By.TAG_NAME, "body").get_attribute("data-phien-ban") != "0" or browser.refresh())
    rows = browser.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == DOCUMENTS
    listed = {r.get_attribute("data-van-ban"): r.text for r in rows}
    assert "đã ban hành" in listed["ke_hoach_khu_vuc_2024"] and "12/KH-KVTĐ" in listed["ke_hoach_khu_vuc_2024"]
    assert "dự thảo" in listed[DOC] and "Công văn" in listed[DOC]
    assert "15/3/2024" in listed["ke_hoach_khu_vuc_2024"]  # its deadlines

    browser.find_element(By.LINK_TEXT, DOC).click()  # choose a document: its PDF is shown
    wait(browser, lambda: f"/pdf/{DOC}.pdf" in pdf_src(browser))
    before, version = pdf_src(browser), browser.find_element(By.TAG_NAME, "body").get_attribute("data-phien-ban")
    assert "Lưu: VT, VP (TĐKT)." not in " ".join(page_texts(_fetch(before)))

    data = project.year_dir(2024) / f"{DOC}.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("luu: VP\n", "luu: VP (TĐKT)\n"), encoding="utf-8")
    wait(browser, lambda: browser.find_element(By.TAG_NAME, "body").get_attribute("data-phien-ban") != version)  # reloaded by itself
    after = pdf_src(browser)
    assert after != before and f"/pdf/{DOC}.pdf" in after
    assert "Lưu: VT, VP (TĐKT)." in " ".join(" ".join(page_texts(_fetch(after))).split())

    data.write_text(data.read_text(encoding="utf-8").replace("loai: cong_van", "loai: cong-van"), encoding="utf-8")  # a mistake
    wait(browser, lambda: "lỗi" in browser.find_element(By.CSS_SELECTOR, f'tr[data-van-ban="{DOC}"]').text)
    assert "cong-van" in browser.find_element(By.CSS_SELECTOR, f'tr[data-van-ban="{DOC}"]').text
    assert run.poll() is None


def test_the_page_serves_only_listed_pdfs(xem):
    project, address, _ = xem
    deadline = time.monotonic() + 60
    while urllib.request.urlopen(address + "phien-ban").read() == b"0":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    for path in ("pdf/..%2F..%2Fdata%2F2024%2Fkhen_thuong.yaml.pdf", "pdf/khong_co.pdf", "../etc/passwd"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(address + path)
        assert refused.value.code == 404


def _fetch(src: str) -> Path:
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"xem-{os.getpid()}.pdf"
    path.write_bytes(urllib.request.urlopen(src).read())
    return path


@pytest.mark.parametrize("value", ["-5", "99999", "tám"])
def test_a_wrong_port_is_told_in_vietnamese(value, capsys):
    from pipeline.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["xem", "--year", "2024", "--cong", value])
    assert stopped.value.code == 1 and f"cổng phải là một số đến 65535 (ví dụ 8030), nhận được {value!r}" in capsys.readouterr().err


def test_a_port_already_taken_is_told_in_vietnamese(xem):
    project, address, _ = xem
    taken = address.rsplit(":", 1)[1].strip("/")
    second = run_cli(project, "xem", "--year", "2024", "--cong", taken)
    _, err = second.communicate(timeout=60)
    assert second.returncode == 1 and "cổng này đang có chương trình khác dùng" in err and "Traceback" not in err
