"""Real-browser smoke test: a registered manager signs in, opens the action list, records
evidence with a file on an action, sees the closure gate's message, reads the dashboards and
a chart, takes minutes for one agenda item of today's meeting, and subscribes to the calendar.
Every page visited is checked with axe-core (a11y.py): no serious or critical violations."""

import datetime
import os
import sys
import tempfile
import urllib.request

from icalendar import Calendar

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from a11y import audited
from browsing import follow, submit_and_wait

BASE = os.environ.get("GRIP_URL", "http://127.0.0.1:8080")
SHOTS = os.environ.get("GRIP_SCREENSHOTS", "ci-artifacts/screenshots")

options = webdriver.ChromeOptions()
for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600"):
    options.add_argument(arg)
driver, audit = audited(
    webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options), "registered manager"
)
passed, failed = 0, 0


def check(name, condition):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok {name}")
    else:
        failed += 1
        print(f"FAILED {name}")


try:
    wait = WebDriverWait(driver, 20)
    driver.get(BASE + "/actions")
    wait.until(EC.presence_of_element_located((By.ID, "email")))
    check("signed-out visit lands on sign-in", "/sign-in" in driver.current_url)
    driver.find_element(By.ID, "email").send_keys("sarah.collins@riverside-care.example")
    driver.find_element(By.ID, "password").send_keys("grip-demo-2026")
    follow(
        driver,
        wait,
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit].button"),
        EC.title_contains("Actions"),
    )
    check("sign-in returns to the action list", driver.current_url.endswith("/actions"))
    rows = driver.find_elements(By.CSS_SELECTOR, "table tbody tr")
    check(f"action list shows actions ({len(rows)} rows)", len(rows) >= 10)
    check("risk bands carry text", "Extreme" in driver.page_source and "High" in driver.page_source)
    driver.save_screenshot(os.path.join(SHOTS, "registered-manager-actions.png"))
    follow(
        driver,
        wait,
        driver.find_element(By.CSS_SELECTOR, "table tbody tr a"),
        EC.presence_of_element_located((By.CSS_SELECTOR, "nav.tabs")),
    )
    check("an action page opens", "Risk rating" in driver.page_source)
    driver.save_screenshot(os.path.join(SHOTS, "registered-manager-action.png"))

    # Record evidence, with a file, on an action the manager leads.
    driver.get(BASE + "/actions")
    follow(
        driver,
        wait,
        driver.find_element(By.LINK_TEXT, "Every MAR chart complete and checked daily"),
        EC.presence_of_element_located((By.CSS_SELECTOR, "nav.tabs")),
    )
    follow(
        driver,
        wait,
        driver.find_element(By.PARTIAL_LINK_TEXT, "Evidence ("),
        EC.presence_of_element_located((By.ID, "record-evidence")),
    )
    before = len(driver.find_elements(By.CSS_SELECTOR, "table tbody tr"))
    driver.find_element(By.CSS_SELECTOR, "#category option[value=people]").click()
    driver.find_element(By.CSS_SELECTOR, "#kind option[value=feedback]").click()
    driver.execute_script(
        "arguments[0].value = arguments[1]", driver.find_element(By.ID, "date"), datetime.date.today().isoformat()
    )
    driver.find_element(By.ID, "summary").send_keys("Residents OC-03 and OC-07 said their medicines now come on time.")
    sample = os.path.join(tempfile.mkdtemp(), "feedback.csv")
    with open(sample, "w") as fh:
        # About 300 KB, like a real export: a body that size reaches the server in pieces, so the
        # CSRF check must collect it before it can read the token in the form.
        fh.write(
            "reference,said\nOC-03,on time\nOC-07,on time\n" + "".join("OC-%05d,on time\n" % i for i in range(18000))
        )
    driver.find_element(By.ID, "file").send_keys(sample)
    submit_and_wait(driver, wait, "//button[normalize-space()='Record evidence']")
    check("evidence recorded", "Evidence recorded." in driver.page_source and "feedback.csv" in driver.page_source)
    check("the evidence list grew", len(driver.find_elements(By.CSS_SELECTOR, "table tbody tr")) >= before + 1)
    driver.save_screenshot(os.path.join(SHOTS, "registered-manager-evidence.png"))
    follow(
        driver,
        wait,
        driver.find_element(By.LINK_TEXT, "Closure"),
        EC.presence_of_element_located((By.XPATH, "//h3[normalize-space()='The closure gate']")),
    )
    check("the gate says what is missing", "has not met the target" in driver.page_source)
    check("only the senior reviewer signs", "Only the senior reviewer, Helen Marsh" in driver.page_source)
    driver.save_screenshot(os.path.join(SHOTS, "registered-manager-closure.png"))

    # The dashboard and an SPC chart.
    follow(driver, wait, driver.find_element(By.LINK_TEXT, "Dashboard"), EC.title_contains("Dashboard"))
    check(
        "the provider dashboard lists services",
        "Oakwood House" in driver.page_source and "Early warnings" in driver.page_source,
    )
    follow(
        driver,
        wait,
        driver.find_element(By.LINK_TEXT, "Oakwood House"),
        EC.presence_of_element_located((By.XPATH, "//h2[normalize-space()='Key indicators']")),
    )
    check("the service dashboard shows an early warning", "special-cause concern" in driver.page_source)
    driver.save_screenshot(os.path.join(SHOTS, "registered-manager-dashboard.png"))
    follow(
        driver,
        wait,
        driver.find_element(By.LINK_TEXT, "Medication errors"),
        EC.presence_of_element_located((By.CSS_SELECTOR, "figure.chart-figure svg")),
    )
    svg = driver.find_element(By.CSS_SELECTOR, "figure.chart-figure svg")
    check(
        "the chart is labelled for screen readers",
        svg.get_attribute("role") == "img" and "XmR chart" in driver.page_source,
    )
    check("the chart has its data table", len(driver.find_elements(By.CSS_SELECTOR, "table tbody tr")) >= 24)
    driver.save_screenshot(os.path.join(SHOTS, "registered-manager-chart.png"))

    # Today's recovery meeting: start the minutes, minute one item (discussion, challenge, decision), approve.
    follow(driver, wait, driver.find_element(By.LINK_TEXT, "Meetings"), EC.title_contains("Meetings"))
    follow(
        driver,
        wait,
        driver.find_element(By.LINK_TEXT, "Oakwood House recovery meeting"),
        EC.presence_of_element_located((By.XPATH, "//h2[normalize-space()='Held']")),
    )
    held = driver.find_elements(By.CSS_SELECTOR, "table tbody tr")
    check(f"the route's calendar shows held meetings ({len(held)})", len(held) >= 3)
    follow(
        driver,
        wait,
        driver.find_element(By.PARTIAL_LINK_TEXT, datetime.date.today().strftime("%-d %B %Y")),
        EC.presence_of_element_located((By.XPATH, "//h2[normalize-space()='Agenda']")),
    )
    check(
        "the agenda is built from the data",
        "Early warnings" in driver.page_source and "/actions/" in driver.page_source,
    )
    follow(
        driver,
        wait,
        driver.find_element(By.XPATH, "//button[normalize-space()='Start the minutes']"),
        EC.presence_of_element_located((By.ID, "attendance")),
    )
    follow(
        driver,
        wait,
        driver.find_element(By.CSS_SELECTOR, "ol.agenda li a"),
        EC.presence_of_element_located((By.ID, "discussion-text")),
    )
    driver.find_element(By.ID, "discussion-text").send_keys(
        "Night medicines round: two gaps this fortnight, both agency shifts."
    )
    submit_and_wait(driver, wait, "//button[normalize-space()='Save discussion']")
    driver.find_element(By.CSS_SELECTOR, "#challenger-select option[value]:not([value=''])").click()
    for option in driver.find_elements(By.CSS_SELECTOR, "#challenger-select option"):
        if option.text.startswith("Helen Marsh"):
            option.click()
    driver.find_element(By.ID, "challenge-text").send_keys("Why are agency shifts still missing the induction?")
    driver.find_element(By.ID, "answer-text").send_keys("Two agencies had not sent their staff lists; both now have.")
    submit_and_wait(driver, wait, "//button[normalize-space()='Add challenge']")
    for option in driver.find_elements(By.CSS_SELECTOR, "#owner-select option"):
        if option.text.startswith("Sarah Collins"):
            option.click()
    driver.find_element(By.ID, "decision-text").send_keys(
        "Check every agency nurse's induction record before the shift."
    )
    submit_and_wait(driver, wait, "//button[normalize-space()='Log decision']")
    page = driver.page_source
    check(
        "the item's minutes show discussion, challenge and decision",
        "Helen Marsh challenged" in page and "both now have" in page and "induction record before the shift" in page,
    )
    driver.save_screenshot(os.path.join(SHOTS, "registered-manager-minutes-item.png"))
    follow(
        driver,
        wait,
        driver.find_element(By.LINK_TEXT, "Back to the meeting"),
        EC.presence_of_element_located((By.ID, "attendance")),
    )
    for radio in driver.find_elements(By.CSS_SELECTOR, "input[type=radio][value=present]"):
        radio.click()
    submit_and_wait(driver, wait, "//button[normalize-space()='Save attendance']")
    follow(
        driver,
        wait,
        driver.find_element(By.XPATH, "//button[normalize-space()='Approve and lock the minutes']"),
        EC.presence_of_element_located((By.ID, "addenda")),
    )
    check(
        "approved minutes are locked",
        "These minutes are locked" in driver.page_source
        and not driver.find_elements(By.XPATH, "//button[normalize-space()='Save attendance']"),
    )
    driver.save_screenshot(os.path.join(SHOTS, "registered-manager-meeting.png"))
    follow(driver, wait, driver.find_element(By.LINK_TEXT, "Decision log"), EC.title_contains("Decision log"))
    check("the decision is in the log", "induction record before the shift" in driver.page_source)

    # The calendar feed: a secret address that parses as iCalendar.
    follow(
        driver,
        wait,
        driver.find_element(By.LINK_TEXT, "Calendar feed"),
        EC.presence_of_element_located((By.XPATH, "//button[normalize-space()='Create my calendar address']")),
    )
    follow(
        driver,
        wait,
        driver.find_element(By.XPATH, "//button[normalize-space()='Create my calendar address']"),
        EC.presence_of_element_located((By.ID, "feed-url")),
    )
    url = driver.find_element(By.ID, "feed-url").get_attribute("value")
    with urllib.request.urlopen(url.replace("http://127.0.0.1:8080", BASE)) as res:
        feed = Calendar.from_ical(res.read())
    events = [c for c in feed.walk("VEVENT")]
    check(
        f"the calendar feed parses as iCalendar ({len(events)} events)",
        len(events) >= 3 and all(e.get("UID") and e.get("DTSTART") and e.get("DTSTAMP") for e in events),
    )
    check("the feed holds the meetings", any("recovery meeting" in str(e.get("SUMMARY")) for e in events))

    # A pack from the Reports page, and an action plan spreadsheet imported through its preview.
    driver.get(BASE + "/reports")
    driver.find_element(By.ID, "kind-commissioner").click()
    follow(
        driver,
        wait,
        driver.find_element(By.XPATH, "//button[normalize-space()='Build the pack']"),
        EC.title_contains("Commissioner reporting pack"),
    )
    check(
        "the commissioner pack has its sections",
        all(
            t in driver.page_source
            for t in ("Actions overdue, with reasons", "Workforce stability", "Escalations", "Next steps")
        ),
    )
    driver.save_screenshot(os.path.join(SHOTS, "registered-manager-commissioner-pack.png"))
    plan = os.path.join(tempfile.mkdtemp(), "plan.csv")
    with open(plan, "w", encoding="utf-8") as fh:
        fh.write(
            "Action,Theme,Service,Owner email,Reviewer email,Due date,Finding,Measure,Better when,Current,Target,"
            "Harm,People affected,Likelihood,Regulatory impact,Controls,Interim controls\n"
            "Oral care plan for everyone,Oral health,Oakwood House,tom.evans@riverside-care.example,"
            "sarah.collins@riverside-care.example,28/02/2027,Care record sample: 8 of 22 without an oral care plan,"
            "% with a plan,higher,64,100,3,3,3,3,3,Daily mouth care check\n"
        )
    driver.get(BASE + "/actions/import")
    driver.find_element(By.ID, "file-input").send_keys(plan)
    follow(
        driver,
        wait,
        driver.find_element(By.XPATH, "//button[normalize-space()='Upload and check']"),
        EC.presence_of_element_located((By.ID, "map-title")),
    )
    check("the import preview maps the columns", "1 action(s) read from" in driver.page_source)
    driver.save_screenshot(os.path.join(SHOTS, "registered-manager-import-preview.png"))
    follow(
        driver,
        wait,
        driver.find_element(By.XPATH, "//button[normalize-space()='Import 1 action(s)']"),
        EC.presence_of_element_located((By.CSS_SELECTOR, ".flash")),
    )
    check(
        "the spreadsheet was imported",
        "Imported 1 action(s)" in driver.page_source and "Oral care plan for everyone" in driver.page_source,
    )
    driver.save_screenshot(os.path.join(SHOTS, "journey-registered-manager-imported.png"))
finally:
    driver.quit()

print(f"{passed} passed, {failed} failed")
clean = audit.finish()
# The journey visits some twenty pages: an audit that saw few of them proves little.
enough = len(audit.pages) >= 15
if not enough:
    print("axe (registered manager): only %d pages audited, fewer than the 15 the journey visits" % len(audit.pages))
sys.exit(1 if failed or not clean or not enough else 0)
