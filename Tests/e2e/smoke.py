"""Real-browser smoke test: a registered manager signs in and opens the action list."""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ.get("GRIP_URL", "http://127.0.0.1:8080")
SHOTS = os.environ.get("GRIP_SCREENSHOTS", "ci-artifacts/screenshots")

options = webdriver.ChromeOptions()
for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600"):
    options.add_argument(arg)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
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
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit].button").click()
    wait.until(EC.title_contains("Actions"))
    check("sign-in returns to the action list", driver.current_url.endswith("/actions"))
    rows = driver.find_elements(By.CSS_SELECTOR, "table tbody tr")
    check(f"action list shows actions ({len(rows)} rows)", len(rows) >= 10)
    check("risk bands carry text", "Extreme" in driver.page_source and "High" in driver.page_source)
    driver.save_screenshot(os.path.join(SHOTS, "registered-manager-actions.png"))
    driver.find_element(By.CSS_SELECTOR, "table tbody tr a").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "nav.tabs")))
    check("an action page opens", "Risk rating" in driver.page_source)
    driver.save_screenshot(os.path.join(SHOTS, "registered-manager-action.png"))
finally:
    driver.quit()

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
