"""
The client against a real node. The node's endpoint and tokens come from the environment:
MOPT_TEST_URL, MOPT_TEST_TOKEN, MOPT_TEST_READONLY_TOKEN (ModelOpt.Node.Tests starts the node and runs each test).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import unittest

import modelopt_client as mo

URL = os.environ.get("MOPT_TEST_URL", "")
TOKEN = os.environ.get("MOPT_TEST_TOKEN", "")
READONLY_TOKEN = os.environ.get("MOPT_TEST_READONLY_TOKEN", "")


def spec(name: str, trials: int = 4, concurrent: int = 2, epochs: int = 3, lease: str = "60s", retries: int = 1,
         scheduler: str = "fifo") -> str:
    """A client-run search over a quadratic with a conditional parameter (momentum only for sgd)."""
    return textwrap.dedent(f"""\
        apiVersion: modelopt/v1
        name: {name}
        seed: 11
        objective: {{metric: loss, mode: min}}
        space:
          x: {{type: float, low: -2, high: 2}}
          optimizer: {{type: categorical, values: [sgd, adam]}}
          momentum: {{type: float, low: 0.5, high: 0.99, when: {{optimizer: sgd}}}}
        scheduler: {scheduler}
        budget: {{maxTrials: {trials}, maxConcurrent: {concurrent}, maxEpochsPerTrial: {epochs}}}
        trial: {{retries: {retries}}}
        workload: {{kind: external, lease: {lease}}}
        """)


def loss_of(config: dict, epoch: int) -> float:
    bonus = 0.1 if config["optimizer"] == "adam" else 0.1 * float(config["momentum"])
    return (float(config["x"]) - 0.5) ** 2 + bonus + 1.0 / epoch


def wait_until(condition, what: str, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {seconds} s")


@unittest.skipUnless(URL and TOKEN, "MOPT_TEST_URL and MOPT_TEST_TOKEN name the node to test against")
class ClientTests(unittest.TestCase):
    def setUp(self) -> None:
        self.client = mo.connect(URL, token=TOKEN, name="python-tests")

    def test_optimize_runs_every_trial_by_ask_report_tell_with_conditional_configs(self) -> None:
        search = self.client.submit(spec("py-optimize", trials=4, concurrent=2))
        seen = []

        def objective(trial: mo.Trial) -> float:
            seen.append(dict(trial.config))
            for epoch in range(1, trial.max_epochs + 1):
                decision = trial.report(epoch, {"loss": loss_of(trial.config, epoch)})
                self.assertFalse(decision.stop)
            return loss_of(trial.config, trial.max_epochs)

        shown = search.optimize(objective)

        self.assertEqual("finished", shown["status"])
        self.assertEqual(4, len(seen))
        for config in seen:
            self.assertEqual("momentum" in config, config["optimizer"] == "sgd")
            self.assertIsInstance(config["x"], float)
        for trial in shown["trials"]:
            self.assertEqual("completed", trial["status"])
            self.assertEqual(3, trial["epochs"])
            self.assertEqual("python-tests", trial["node"])
        best = search.best()
        self.assertAlmostEqual(min(loss_of(c, 3) for c in seen), best["objective"], places=9)

    def test_two_programs_share_a_search_and_no_trial_is_handed_out_twice(self) -> None:
        search = self.client.submit(spec("py-shared", trials=6, concurrent=2, epochs=1))
        handed = []

        def work(name: str) -> None:
            client = mo.connect(URL, token=TOKEN, name=name)
            for trial in client.search(search.id).trials():
                handed.append((trial.id, trial.attempt))
                time.sleep(0.05)
                trial.complete({"loss": loss_of(trial.config, 1)})

        threads = [threading.Thread(target=work, args=(f"worker-{i}",)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)

        shown = search.show()
        self.assertEqual("finished", shown["status"])
        self.assertEqual(sorted(handed), sorted(set(handed)))
        self.assertEqual(6, len(handed))
        self.assertEqual({"worker-0", "worker-1"}, {t["node"] for t in shown["trials"]})

    def test_a_schedulers_stop_is_returned_by_report_and_the_trial_ends_stopped(self) -> None:
        search = self.client.submit(spec("py-stop", trials=1, concurrent=1, epochs=5, scheduler="{type: patience, patience: 1}"))
        trial = search.ask(wait=5)
        self.assertIsNotNone(trial)

        with trial:
            first = trial.report(1, {"loss": 1.0})
            second = trial.report(2, {"loss": 2.0})

        self.assertFalse(first.stop)
        self.assertTrue(second.stop)
        self.assertIn("no improvement of loss", second.reason)
        self.assertTrue(trial.should_stop())
        shown = search.show()
        self.assertEqual("stopped", shown["trials"][0]["status"])
        self.assertEqual(2, shown["trials"][0]["epochs"])
        self.assertIsNone(search.ask(wait=0))

    def test_a_user_stop_reaches_a_trial_between_reports_through_its_heartbeats(self) -> None:
        search = self.client.submit(spec("py-user-stop", trials=1, concurrent=1, lease="1.5s"))
        trial = search.ask(wait=5)
        trial.report(1, {"loss": 1.0})

        search.stop_trial(trial.id)

        wait_until(trial.should_stop, "the stop reaching the heartbeat thread")
        self.assertEqual("stopped by user", trial.stop_reason)
        self.assertEqual("stopped", trial.complete({"loss": 0.5}))

    def test_a_dead_clients_lease_expires_its_trial_is_requeued_and_its_late_report_is_refused(self) -> None:
        search = self.client.submit(spec("py-dead", trials=1, concurrent=1, lease="2s", retries=1))
        doomed = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""\
            import time, modelopt_client as mo
            trial = mo.connect({URL!r}, token={TOKEN!r}, name="doomed").search({search.id!r}).ask(wait=10)
            trial.report(1, {{"loss": 3.0}})
            print(trial.id, trial.attempt, flush=True)
            time.sleep(600)
            """)], stdout=subprocess.PIPE, text=True)
        try:
            trial_id, attempt = doomed.stdout.readline().split()
            doomed.send_signal(signal.SIGKILL)
        finally:
            doomed.wait(10)
            doomed.stdout.close()

        retaken = search.ask(wait=20)

        self.assertIsNotNone(retaken, "the dead client's trial was not handed out again")
        self.assertEqual((trial_id, 2), (retaken.id, retaken.attempt))
        self.assertEqual(1, int(attempt))
        with self.assertRaises(mo.LeaseLost) as refused:
            self.client.transport.post(f"/api/v1/searches/{search.id}/trials/{trial_id}/report",
                                       {"attempt": 1, "epoch": 2, "metrics": {"loss": 2.5}})
        self.assertIn("client doomed went silent", refused.exception.message)
        retaken.report(1, {"loss": 1.0})
        self.assertEqual("completed", retaken.complete({"loss": 0.75}))
        shown = search.show()["trials"][0]
        self.assertEqual((2, "python-tests", 0.75), (shown["attempts"], shown["node"], shown["objective"]))
        self.assertEqual([1.0], [point["metrics"]["loss"] for point in shown["curve"]])

    def test_a_report_after_the_lease_was_lost_raises_lease_lost(self) -> None:
        search = self.client.submit(spec("py-lost", trials=2, concurrent=1, lease="1s", retries=1))
        stale = search.ask(wait=5)
        stale._ended.set()  # silence its heartbeats, as a frozen program would be
        taken = search.ask(wait=20)

        with self.assertRaises(mo.LeaseLost):
            stale.report(1, {"loss": 1.0})
        with self.assertRaises(mo.LeaseLost):
            stale.complete({"loss": 1.0})
        self.assertEqual((stale.id, 2), (taken.id, taken.attempt))
        taken.fail("test over")

    def test_tokens_and_bad_input_raise_their_own_exceptions(self) -> None:
        search = self.client.submit(spec("py-errors", trials=1, concurrent=1))

        with self.assertRaises(mo.AuthenticationError):
            mo.connect(URL, token="not-the-token").searches()
        with self.assertRaises(mo.PermissionDenied):
            mo.connect(URL, token=READONLY_TOKEN).search(search.id).ask(wait=0)
        with self.assertRaises(mo.NotFound):
            self.client.search("no-such-search")
        with self.assertRaises(mo.BadRequest) as bad:
            self.client.submit(spec("py-errors").replace("low: -2", "low: 5"))
        self.assertTrue(any(e["path"].startswith("space.x") for e in bad.exception.errors), bad.exception.errors)
        trial = search.ask(wait=5)
        with self.assertRaises(mo.BadRequest):
            trial.report(99, {"loss": 1.0})
        trial.fail("test over")

    def test_an_unreachable_endpoint_raises_unavailable_once_retries_run_out(self) -> None:
        started = time.monotonic()
        with self.assertRaises(mo.Unavailable):
            mo.connect("http://127.0.0.1:28199", token=TOKEN, retry_for=1.0).searches()
        self.assertLess(time.monotonic() - started, 15)


if __name__ == "__main__":
    unittest.main()
