"""Offline entry on a 360 px phone (README, "Offline entry"): the entry page opens with no
connection from the service worker's copy, what is typed survives a reload and a closed tab,
a save with no connection waits in the phone's queue and goes by itself when the connection
returns — once, even when a send's answer is lost — a refused record comes back with the
server's messages, and an ended session waits for a login.

"No connection" is Playwright's ``context.set_offline``: in this Chromium it reaches the
service worker's own requests too, which ``test_the_entry_page_opens_with_no_connection``
proves by opening a page the worker never kept and getting its fallback instead.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from patrols.models import Shift, ShiftParticipant
from tests.factories import MembershipFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ENTRY = "/patrols/shifts/new/"


@pytest.fixture
def crew(model_a, commune_a):
    people = []
    for i in range(3):
        person = PersonFactory(full_name=f"Tuần tra viên {i}", commune=commune_a)
        MembershipFactory(
            person=person,
            model=model_a,
            joined_on=datetime.date(2021, 3, 1),
            role="leader" if i == 0 else "member",
        )
        people.append(person)
    return people


@pytest.fixture
def phone(login_as, live_server, officer_a, crew):
    """The officer's phone, logged in once with a connection: the worker is installed and
    has kept the entry page."""
    page = login_as(officer_a)
    page.wait_for_selector("html[data-offline-ready]", state="attached")
    page.goto(f"{live_server.url}{ENTRY}")
    page.wait_for_selector("html[data-offline-entry='ready']", state="attached")
    return page


YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def fill_shift(page, crew, notes="Tuần tra đêm"):
    page.locator("#id_day").fill(YESTERDAY.strftime("%d/%m/%Y"))
    page.get_by_label("Từ").fill("20:00")
    page.get_by_label("Đến").fill("23:30")
    for person in crew:
        page.get_by_label(person.full_name).check()
    page.get_by_role("button", name="+ Thêm vụ việc").click()
    row = page.locator("[data-row='0']")
    row.get_by_label("Thời gian").fill("21:15")
    row.get_by_label("Loại vụ việc").select_option(label="Trộm cắp nông sản")
    page.get_by_label("Ghi chú").fill(notes)


def queued(page, state):
    return page.locator(f"[data-offline-panel] [data-state='{state}']")


def test_a_shift_saved_offline_is_sent_once_when_the_connection_returns(
    phone, live_server, crew, settings
):
    page, context = phone, phone.context
    fill_shift(page, crew)
    context.set_offline(True)
    page.get_by_role("button", name="Lưu ca tuần tra").click()

    expect(page.locator("[data-offline-notice='queued']")).to_be_visible()
    expect(queued(page, "waiting")).to_have_count(1)
    expect(page.locator("[data-offline-badge] [data-offline-count]")).to_have_text("1")
    # The form is empty again, ready for the next shift.
    expect(page.get_by_label("Ghi chú")).to_have_value("")

    page.reload()  # with no connection: the worker's copy of the page
    expect(page.get_by_role("heading", name="Ghi ca tuần tra")).to_be_visible()
    expect(queued(page, "waiting")).to_have_count(1)
    assert Shift.objects.count() == 0

    context.set_offline(False)
    # Sent on the online event, or by the retries 2 s, 4 s … after it on a busy machine.
    expect(queued(page, "sent")).to_have_count(1, timeout=20_000)
    expect(page.locator("[data-offline-badge]")).to_be_hidden()
    shift = Shift.objects.get()
    assert ShiftParticipant.objects.filter(shift=shift).count() == 3
    assert timezone.localtime(shift.starts_at).replace(tzinfo=None) == datetime.datetime.combine(
        YESTERDAY, datetime.time(20, 0)
    )
    assert shift.incidents.count() == 1 and shift.notes == "Tuần tra đêm"

    page.reload()
    expect(queued(page, "sent")).to_have_count(1)
    queued(page, "sent").get_by_role("link", name="Xem ca đã lưu").click()
    expect(page.get_by_test_id("turns")).to_have_text("3")
    assert Shift.objects.count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_entry_page_opens_with_no_connection(phone, live_server, crew):
    page, context = phone, phone.context
    page.goto(f"{live_server.url}/")
    context.set_offline(True)

    page.goto(f"{live_server.url}{ENTRY}")
    expect(page.get_by_role("heading", name="Ghi ca tuần tra")).to_be_visible()
    expect(page.get_by_label("Từ")).to_be_editable()
    # Its stylesheet and scripts came from the phone too.
    red = page.evaluate("getComputedStyle(document.querySelector('.navbar')).backgroundColor")
    assert red == "rgb(220, 53, 69)"
    page.get_by_role("button", name="+ Thêm vụ việc").click()
    expect(page.locator("[data-row='0']")).to_be_visible()
    # The members' service dates came with it: a day before they joined is flagged at once.
    page.locator("#id_day").fill("01/06/2020")
    page.get_by_label("Tuần tra viên 1").check()
    expect(page.locator("[data-offline-hint]")).to_contain_text(
        "Không phải thành viên của tổ vào ngày này, máy chủ sẽ không nhận: Tuần tra viên 1."
    )
    page.locator("#id_day").fill(YESTERDAY.strftime("%d/%m/%Y"))
    expect(page.locator("[data-offline-hint]")).to_have_count(0)

    # A page the phone never kept: the worker's own request fails too, and the list of what
    # waits on the phone answers instead of the browser's error.
    page.goto(f"{live_server.url}/registry/models/")
    expect(page.get_by_role("heading", name="Ca tuần tra lưu trên máy này")).to_be_visible()
    expect(page.get_by_text("Không có ca nào đang chờ gửi trên máy này.")).to_be_visible()


def test_what_is_typed_survives_a_reload_and_a_closed_tab_and_goes_once_saved(
    phone, live_server, crew
):
    page, context = phone, phone.context
    fill_shift(page, crew, notes="Nháp chưa lưu")
    # a function, not a string: Playwright evals a string in the page, which the CSP refuses
    page.wait_for_function("() => document.documentElement.dataset.offlineDraft")
    page.wait_for_timeout(600)  # the last keystrokes' save

    page.reload()
    expect(page.locator("[data-offline-notice='restored']")).to_be_visible()
    expect(page.get_by_label("Ghi chú")).to_have_value("Nháp chưa lưu")
    expect(page.get_by_label("Từ")).to_have_value("20:00")
    expect(page.get_by_label(crew[2].full_name)).to_be_checked()
    row = page.locator("[data-row='0']")
    expect(row.get_by_label("Thời gian")).to_have_value("21:15")

    # Another tab opened meanwhile does not take a draft this tab is editing.
    other = context.new_page()
    other.goto(f"{live_server.url}{ENTRY}")
    other.wait_for_selector("html[data-offline-entry='ready']", state="attached")
    expect(other.get_by_label("Ghi chú")).to_have_value("")
    other.close()

    # Closed, the tab's draft is taken up by the next entry page opened.
    page.close()
    page = context.new_page()
    page.goto(f"{live_server.url}{ENTRY}")
    expect(page.locator("[data-offline-notice='restored']")).to_be_visible()
    expect(page.get_by_label("Ghi chú")).to_have_value("Nháp chưa lưu")

    page.get_by_role("button", name="Lưu ca tuần tra").click()
    expect(page.get_by_text("Đã lưu ca tuần tra.")).to_be_visible()
    assert Shift.objects.get().notes == "Nháp chưa lưu"
    expect(page.locator("[data-offline-badge]")).to_be_hidden()

    # Saved, the draft is gone: a new entry page starts empty.
    page.goto(f"{live_server.url}{ENTRY}")
    page.wait_for_selector("html[data-offline-entry='ready']", state="attached")
    expect(page.get_by_label("Ghi chú")).to_have_value("")
    expect(page.locator("[data-offline-notice]")).to_have_count(0)
    assert (
        page.evaluate("AnNinhOffline.drafts.all().then(d => d.length)") == 0
        and page.evaluate("AnNinhOffline.queue.all().then(q => q.length)") == 0
    )


def test_a_refused_record_comes_back_with_the_servers_message_and_its_data(
    phone, live_server, crew, model_a
):
    page, context = phone, phone.context
    fill_shift(page, crew, notes="Ca bị trùng")
    context.set_offline(True)
    page.get_by_role("button", name="Lưu ca tuần tra").click()
    expect(queued(page, "waiting")).to_have_count(1)

    # Meanwhile another shift of the same evening was recorded with the same member.
    start = timezone.make_aware(datetime.datetime.combine(YESTERDAY, datetime.time(19, 0)))
    other = Shift.objects.create(
        model=model_a,
        commune=model_a.commune,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
    )
    ShiftParticipant.objects.create(shift=other, person=crew[1])

    context.set_offline(False)
    refused = queued(page, "refused")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text("Máy chủ không nhận")
    expect(refused.locator("[data-offline-messages]")).to_contain_text(
        "Tuần tra viên 1 đã tham gia một ca khác trong cùng thời gian"
    )
    expect(page.locator("[data-offline-badge]")).to_be_visible()
    assert Shift.objects.count() == 1

    # The overview and the lists show it too, until the officer deals with it.
    for url in ("/", "/patrols/shifts/"):
        page.goto(f"{live_server.url}{url}")
        expect(queued(page, "refused")).to_contain_text("Tổ tuần tra Phi Nôm")
        expect(page.locator("[data-offline-badge] [data-offline-count]")).to_have_text("1")

    refused.get_by_role("link", name="Mở lại để sửa").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Tuần tra viên 1 đã tham gia một ca khác trong cùng thời gian"
    )
    expect(page.get_by_label("Ghi chú")).to_have_value("Ca bị trùng")
    expect(page.get_by_label("Từ")).to_have_value("20:00")
    expect(page.locator("[data-row='0']").get_by_label("Thời gian")).to_have_value("21:15")
    busy = page.get_by_label(crew[1].full_name)
    expect(busy).to_be_checked()
    expect(page.locator("fieldset .invalid-feedback")).to_contain_text("Tuần tra viên 1")

    busy.uncheck()
    page.get_by_role("button", name="Lưu ca tuần tra").click()
    expect(page.get_by_text("Đã lưu ca tuần tra.")).to_be_visible()
    expect(page.get_by_test_id("turns")).to_have_text("2")
    assert Shift.objects.count() == 2
    expect(page.locator("[data-offline-badge]")).to_be_hidden()
    assert page.evaluate("AnNinhOffline.queue.all().then(q => q.length)") == 0


def test_an_end_before_the_start_saved_offline_without_next_day_is_refused_not_stretched(
    phone, live_server, crew
):
    """22:00 → 21:00 with "Kết thúc ngày hôm sau" not ticked is a slip: queued offline, it
    comes back refused with the server's message, never saved as a 23-hour shift."""
    page, context = phone, phone.context
    page.locator("#id_day").fill(YESTERDAY.strftime("%d/%m/%Y"))
    page.get_by_label("Từ").fill("22:00")
    page.get_by_label("Đến").fill("21:00")
    page.get_by_label(crew[0].full_name).check()
    expect(page.locator("#id_next_day")).not_to_be_checked()  # 23 hours: not ticked for them
    context.set_offline(True)
    page.get_by_role("button", name="Lưu ca tuần tra").click()
    expect(queued(page, "waiting")).to_have_count(1)
    context.set_offline(False)
    refused = queued(page, "refused")
    expect(refused).to_have_count(1)
    expect(refused.locator("[data-offline-messages]")).to_contain_text(
        "Giờ kết thúc phải sau giờ bắt đầu"
    )
    assert Shift.all_objects.count() == 0


def test_an_ended_session_waits_for_a_login_then_sends(phone, live_server, crew, officer_a):
    from tests.conftest import PASSWORD

    page, context = phone, phone.context
    fill_shift(page, crew)
    context.set_offline(True)
    page.get_by_role("button", name="Lưu ca tuần tra").click()
    # The fresh form the worker serves for the next shift, before the session ends (on a
    # busy machine that page could otherwise be fetched once online, with no session).
    page.wait_for_url(re.compile(r"queued="))
    page.wait_for_selector("html[data-offline-entry='ready']", state="attached")
    expect(queued(page, "waiting")).to_have_count(1)

    context.clear_cookies()  # the session ends while the phone is away
    context.set_offline(False)
    waiting = queued(page, "login")
    expect(waiting).to_have_count(1)
    assert Shift.objects.count() == 0

    waiting.get_by_role("link", name="Đăng nhập để gửi").click()
    # The login page says what waits for it.
    expect(page.locator("[data-offline-panel]")).to_contain_text("Sẽ gửi khi bạn đăng nhập")
    expect(page.locator("[data-offline-badge] [data-offline-count]")).to_have_text("1")
    page.get_by_label("Tên đăng nhập").fill(officer_a.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(queued(page, "sent")).to_have_count(1)
    assert Shift.objects.count() == 1


def test_a_send_whose_answer_is_lost_is_sent_again_and_saved_once(phone, live_server, crew):
    page, context = phone, phone.context
    fill_shift(page, crew)
    context.set_offline(True)
    page.get_by_role("button", name="Lưu ca tuần tra").click()
    expect(queued(page, "waiting")).to_have_count(1)

    lost = []

    def lose_the_answer(route):
        if route.request.method != "POST":
            route.continue_()
        elif not lost:
            route.fetch()  # the server saves the shift ...
            lost.append(1)
            route.abort("connectionreset")  # ... and the phone never hears of it
        else:
            # The retries (2 s, 4 s … after the online event) find no network either, so the
            # record stays waiting, saying so, as long as this route holds.
            route.abort("connectionfailed")

    context.route("**/api/shifts/", lose_the_answer)
    context.set_offline(False)
    expect(page.locator("[data-offline-panel] [data-state='waiting']")).to_contain_text(
        "Lần gửi trước chưa tới được máy chủ", timeout=20_000
    )
    assert lost and Shift.objects.count() == 1

    context.unroute("**/api/shifts/")
    page.reload()  # every page load sends what waits
    expect(queued(page, "sent")).to_have_count(1, timeout=20_000)
    assert Shift.objects.count() == 1


def test_a_save_whose_connection_drops_on_the_way_is_kept_and_sent(phone, live_server, crew):
    page, context = phone, phone.context
    fill_shift(page, crew, notes="Mạng chập chờn")

    def drop(route):
        if route.request.method == "POST":
            route.abort("connectionreset")
        else:
            route.continue_()

    # The phone thinks it is online; the save never reaches the server.
    context.route(f"**{ENTRY}", drop)
    page.get_by_role("button", name="Lưu ca tuần tra").click()
    expect(page.locator("[data-offline-notice='unsent']")).to_be_visible()
    context.unroute(f"**{ENTRY}")
    expect(queued(page, "sent")).to_have_count(1)
    assert Shift.objects.get().notes == "Mạng chập chờn"


def test_another_teams_form_opens_with_no_connection_keeping_what_was_typed(
    phone, live_server, crew, commune_a, patrol_type
):
    from tests.factories import GrassrootsModelFactory

    second = GrassrootsModelFactory(
        name="Tổ tuần tra Đạ Ròn", commune=commune_a, model_type=patrol_type
    )
    member = PersonFactory(full_name="Tuần tra viên Đạ Ròn", commune=commune_a)
    MembershipFactory(person=member, model=second, joined_on=datetime.date(2021, 3, 1))
    page, context = phone, phone.context
    page.reload()  # the page now offers the second team: its form is kept on the phone
    page.wait_for_selector("html[data-offline-entry='ready']", state="attached")
    page.wait_for_function(
        """async () => (await caches.open('anninh-partials').then(c => c.keys())).length === 2"""
    )
    page.get_by_label("Ghi chú").fill("Đổi tổ khi mất mạng")
    context.set_offline(True)

    page.locator("select[name='model']").select_option(str(second.pk))
    expect(page.get_by_label(member.full_name)).to_be_visible()
    expect(page.get_by_label("Ghi chú")).to_have_value("Đổi tổ khi mất mạng")
    page.locator("#id_day").fill(YESTERDAY.strftime("%d/%m/%Y"))
    page.get_by_label("Từ").fill("20:00")
    page.get_by_label("Đến").fill("23:00")
    page.get_by_label(member.full_name).check()
    page.get_by_role("button", name="Lưu ca tuần tra").click()
    expect(queued(page, "waiting")).to_have_count(1)

    context.set_offline(False)
    # Sent on the online event, or by the retries 2 s, 4 s … after it on a busy machine.
    expect(queued(page, "sent")).to_have_count(1, timeout=20_000)
    shift = Shift.objects.get()
    assert shift.model == second and shift.notes == "Đổi tổ khi mất mạng"


def test_a_save_the_server_answers_with_its_messages_leaves_nothing_in_the_queue(
    phone, live_server, crew
):
    page = phone
    page.locator("#id_day").fill(YESTERDAY.strftime("%d/%m/%Y"))
    page.get_by_label("Từ").fill("20:00")
    page.get_by_label("Đến").fill("23:00")
    page.get_by_label("Ghi chú").fill("Quên chọn người")
    page.get_by_role("button", name="Lưu ca tuần tra").click()  # nobody ticked

    expect(
        page.get_by_text("Hãy đánh dấu ít nhất một thành viên tham gia.", exact=True)
    ).to_be_visible()
    page.wait_for_selector("html[data-offline-entry='ready']", state="attached")
    assert page.evaluate("AnNinhOffline.queue.all().then(q => q.length)") == 0
    expect(page.locator("[data-offline-badge]")).to_be_hidden()
    # The page the server answered is a draft now: a reload loses nothing.
    page.goto(f"{live_server.url}{ENTRY}")
    expect(page.get_by_label("Ghi chú")).to_have_value("Quên chọn người")
    assert Shift.objects.count() == 0
