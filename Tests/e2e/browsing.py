"""Browser helpers shared by smoke.py and journeys.py: following a link or a form's button to the
next page without mistaking the page being left for the page arriving."""

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC


def follow(driver, wait, element, until=None):
    """Clicks a link or a form's button, waits until the browser has left the current page, then
    waits for `until` on the next one. Without the first wait, a condition the old page also meets
    (a heading, a flash) passes at once, and the next step races the page still loading."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def left(_):
        # Chromium reports a node of a page it has left either as stale or as not in the document.
        try:
            old.is_enabled()
            return False
        except WebDriverException:
            return True

    wait.until(left)
    if until is not None:
        wait.until(until)


def submit_and_wait(driver, wait, xpath):
    """Clicks the form button found by `xpath` and waits for the next page's flash."""
    follow(
        driver, wait, driver.find_element(By.XPATH, xpath), EC.presence_of_element_located((By.CSS_SELECTOR, ".flash"))
    )
