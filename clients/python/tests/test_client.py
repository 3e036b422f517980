"""Unit tests of the client: CSV rules, typing, error mapping, tokens, jobs, hash checks and multipart.

The HTTP tests talk to a small fake service on loopback, so the real ``urllib`` path runs; the
end-to-end test against the real platform is ``steward-local``'s PythonClientIntegrationTest.
Run: ``.venv/bin/python -m unittest discover -s clients/python/tests``.
"""

from __future__ import annotations

import base64
import datetime as dt
import email.parser
import email.policy
import hashlib
import json
import math
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd

from steward import IntegrityError, Steward, StewardError, input_signature
from steward import _csv
from steward._config import resolve_urls
from steward.features import Column, frame_csv, snapshot_frame

PROBLEM = {"type": "urn:steward:problem:not-found", "title": "Feature service not found", "status": 404,
           "detail": "no feature service named 'nope'; GET /api/v1/definitions lists them"}


class CanonicalCsvTest(unittest.TestCase):

    def test_values_are_written_as_the_feature_store_parses_them(self):
        utc = dt.timezone.utc
        cases = [(None, ""), (math.nan, ""), (pd.NA, ""), (pd.NaT, ""), (True, "true"), (np.bool_(False), "false"),
                 (np.int64(42), "42"), (2.0, "2"), (0.1, "0.1"), ("car (new)", "car (new)"), ("", '""'),
                 ('a "b", c', '"a ""b"", c"'), ("two\nlines", '"two\nlines"'),
                 (dt.datetime(2023, 1, 1, 1, 41, 37, tzinfo=utc), "2023-01-01T01:41:37Z"),
                 (pd.Timestamp("2023-01-01T02:41:37+01:00"), "2023-01-01T01:41:37Z"), (dt.date(2024, 9, 1), "2024-09-01")]
        for value, text in cases:
            with self.subTest(value=value):
                self.assertEqual(text, _csv.write_field(value))

    def test_a_time_without_a_zone_is_refused_before_anything_is_sent(self):
        with self.assertRaisesRegex(ValueError, "no time zone"):
            _csv.write_field(dt.datetime(2023, 1, 1))
        frame = pd.DataFrame({"customer_id": ["C1"], "event_time": pd.to_datetime(["2023-01-01"])})
        with self.assertRaisesRegex(ValueError, "'event_time' holds times without a time zone"):
            frame_csv(frame)

    def test_reading_keeps_null_and_empty_text_apart_and_round_trips_what_was_written(self):
        rows = [["k", "note", "n"], ["C1", "", None], ["C2", None, "3"], ["C3", 'say "hi",\nbye', "4"]]
        text = "".join(_csv.write_line(r) for r in rows)
        self.assertEqual(rows, list(_csv.read_records(text)))
        self.assertEqual([["a", None, None]], list(_csv.read_records("a,,\n")))

    def test_a_frame_with_missing_integers_is_sent_as_integers(self):
        frame = pd.DataFrame({"customer_id": ["C1", "C2"], "installment_rate": [2, None],
                              "event_time": pd.to_datetime(["2023-01-01T00:00:00Z", "2023-01-02T00:00:00Z"])})
        self.assertEqual(b"customer_id,installment_rate,event_time\nC1,2,2023-01-01T00:00:00Z\nC2,,2023-01-02T00:00:00Z\n",
                         frame_csv(frame))

    def test_a_snapshot_is_typed_by_its_recorded_columns(self):
        columns = [Column("customer_id", "string", "key"), Column("event_time", "timestamp", "event_time"),
                   Column("age", "int64", "feature"), Column("amount", "float64", "request"),
                   Column("flag", "bool", "feature")]
        frame = snapshot_frame("customer_id,event_time,age,amount,flag\n"
                               "C1,2023-01-01T01:41:37Z,35,1200.5,true\nC2,2023-01-02T00:00:00Z,,,\n", columns)
        self.assertEqual("Int64", str(frame["age"].dtype))
        self.assertTrue(pd.isna(frame.loc[1, "age"]))
        self.assertEqual("float64", str(frame["amount"].dtype))
        self.assertEqual("boolean", str(frame["flag"].dtype))
        self.assertEqual(pd.Timestamp("2023-01-01T01:41:37Z"), frame.loc[0, "event_time"])
        self.assertTrue(pd.isna(frame.loc[1, "flag"]))
        with self.assertRaisesRegex(ValueError, "not the recorded columns"):
            snapshot_frame("customer_id,age\n", columns)

    def test_the_input_signature_follows_the_frame(self):
        frame = pd.DataFrame({"duration_in_month": [6], "purpose": ["car (new)"], "flag": [True]})
        signature = input_signature(frame, feature_service="german_credit_scorecard@1", request_features=["purpose"])
        self.assertEqual([{"name": "duration_in_month", "type": "number"}, {"name": "purpose", "type": "string"},
                          {"name": "flag", "type": "boolean"}], signature["fields"])
        self.assertEqual([{"name": "purpose", "type": "string"}], signature["requestFeatures"])
        self.assertEqual("german_credit_scorecard@1", signature["featureService"])


class StewardErrorTest(unittest.TestCase):

    def test_a_problem_detail_becomes_one_line_keeping_every_member(self):
        error = StewardError.from_problem(404, {**PROBLEM, "detail": "no feature\nservice", "errors": [1]}, "feature store")
        self.assertEqual("404 Feature service not found: no feature service", str(error))
        self.assertEqual((404, "urn:steward:problem:not-found"), (error.status, error.type))
        self.assertEqual([1], error.problem["errors"])

    def test_an_answer_that_is_not_a_problem_still_names_the_service_and_status(self):
        self.assertEqual("502 feature store answered HTTP 502", str(StewardError.from_problem(502, "<html>", "feature store")))


class ConfigurationTest(unittest.TestCase):

    def test_arguments_beat_the_environment_which_beats_the_defaults(self):
        env = {"STEWARD_MODEL_REGISTRY_URL": "http://registry.example:9/", "STEWARD_ISSUER_URL": "http://idp:1"}
        urls = resolve_urls({"issuer": "https://issuer.example/"}, None, env)
        self.assertEqual("http://localhost:8081", urls["feature_store"])
        self.assertEqual("http://registry.example:9", urls["model_registry"])
        self.assertEqual("https://issuer.example", urls["issuer"])
        self.assertEqual("http://steward.bank:8085", resolve_urls(None, "steward.bank", env)["governance"])
        with self.assertRaisesRegex(ValueError, "STEWARD_MODEL_REGISTRY_URL is not an http"):
            resolve_urls(None, None, {"STEWARD_MODEL_REGISTRY_URL": "registry:8082"})
        with self.assertRaisesRegex(ValueError, "unknown service"):
            resolve_urls({"registry": "http://x"}, None, {})
        with self.assertRaisesRegex(ValueError, "not both"):
            Steward(token="t", identity="dana", env={})


class FakeService:
    """A loopback HTTP server answering from ``routes[(method, path)]`` -> (status, headers, body)."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Callable[[dict[str, Any]], tuple[int, dict[str, str], bytes]]] = {}
        self.requests: list[dict[str, Any]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                url = urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                request = {"method": self.command, "path": url.path, "query": parse_qs(url.query),
                           "headers": dict(self.headers), "body": body}
                fake.requests.append(request)
                route = fake.routes.get((self.command, url.path))
                status, headers, payload = route(request) if route else (404, {}, b"")
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _serve

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def json(self, method: str, path: str, body: Any, status: int = 200, content_type: str = "application/json") -> None:
        self.routes[(method, path)] = lambda _: (status, {"Content-Type": content_type}, json.dumps(body).encode())

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class HttpTest(unittest.TestCase):

    def setUp(self) -> None:
        self.fake = FakeService()
        self.addCleanup(self.fake.close)
        urls = {key: self.fake.url for key in ("feature_store", "model_registry", "governance", "issuer")}
        self.steward = Steward(urls, identity="dana", env={}, timeout=5)
        self.fake.json("POST", "/token", {"access_token": "t0k3n", "token_type": "Bearer", "expires_in": 28800})

    def test_a_4xx_is_a_steward_error_with_the_problem_and_no_urllib_traceback(self):
        self.fake.json("POST", "/api/v1/online-features", PROBLEM, 404, "application/problem+json")
        with self.assertRaises(StewardError) as raised:
            self.steward.online_features("nope", [{"customer_id": "C1"}])
        error = raised.exception
        self.assertEqual("404 Feature service not found: no feature service named 'nope'; GET /api/v1/definitions "
                         "lists them", str(error))
        self.assertEqual(("feature store", PROBLEM), (error.service, error.problem))
        self.assertTrue(error.__suppress_context__)
        self.assertEqual("Bearer t0k3n", self.fake.requests[-1]["headers"]["Authorization"])
        self.assertEqual({"identity": ["dana"]}, parse_qs(self.fake.requests[0]["body"].decode()))

    def test_the_token_is_issued_once_and_redirects_are_not_followed(self):
        self.fake.routes[("GET", "/api/v1/audit/verify")] = lambda _: (302, {"Location": "http://elsewhere.example/"}, b"")
        for _ in range(2):
            with self.assertRaisesRegex(StewardError, "^302 governance answered HTTP 302$"):
                self.steward.audit_verify()
        self.assertEqual(["/token", "/api/v1/audit/verify", "/api/v1/audit/verify"], [r["path"] for r in self.fake.requests])

    def test_an_unreachable_service_says_where_it_was_looked_for(self):
        steward = Steward({"governance": "http://127.0.0.1:9"}, token="t", env={}, timeout=2)
        with self.assertRaisesRegex(StewardError, r"cannot reach the governance at http://127.0.0.1:9: .*STEWARD_GOVERNANCE_URL"):
            steward.audit_verify()

    def test_steward_token_comes_from_the_environment_like_the_command_line(self):
        self.fake.json("GET", "/api/v1/audit/verify", {"intact": True})
        Steward({"governance": self.fake.url}, env={"STEWARD_TOKEN": "from-env"}).audit_verify()
        self.assertEqual("Bearer from-env", self.fake.requests[-1]["headers"]["Authorization"])

    def test_verifying_a_training_set_returns_the_feature_stores_comparison(self):
        answer = {"id": "ts-1", "intact": False, "rowCount": 1, "contentSha256": "a" * 64, "actualSha256": "b" * 64}
        self.fake.json("GET", "/api/v1/training-sets/ts-1/verify", answer)
        self.assertEqual(answer, self.steward.verify_training_set("ts-1"))

    def _snapshot(self, csv: bytes, recorded: bytes | None = None) -> dict[str, Any]:
        record = {"id": "ts-1", "featureService": "svc", "featureServiceVersion": 1, "rowCount": 1,
                  "contentSha256": hashlib.sha256(recorded or csv).hexdigest(),
                  "columns": [{"name": "customer_id", "type": "string", "role": "key"},
                              {"name": "event_time", "type": "timestamp", "role": "event_time"},
                              {"name": "age", "type": "int64", "role": "feature"}],
                  "lineage": {"featureViews": [{"name": "customer_profile", "version": 2}]}}
        digest = "sha-256=:" + base64.b64encode(hashlib.sha256(recorded or csv).digest()).decode() + ":"
        self.fake.routes[("GET", "/api/v1/training-sets/ts-1/data")] = lambda _: (200, {"Repr-Digest": digest}, csv)
        return record

    def test_a_training_set_built_as_a_job_is_followed_and_its_rows_verified(self):
        csv = b"customer_id,event_time,age\nC1,2023-01-01T00:00:00Z,35\n"
        record = self._snapshot(csv)
        self.fake.json("POST", "/api/v1/training-sets", {"jobId": "j-1", "rows": 1}, 202)
        states = iter([{"state": "RUNNING"}, {"state": "SUCCEEDED", "result": record}])
        self.fake.routes[("GET", "/api/v1/jobs/j-1")] = lambda _: (200, {}, json.dumps(next(states)).encode())

        entities = pd.DataFrame({"customer_id": ["C1"], "event_time": [pd.Timestamp("2023-01-01", tz="UTC")], "bad": [0]})
        ts = self.steward.training_set("svc", entities, exclude_created_after=True)

        self.assertEqual(("ts-1", ("customer_profile@2",)), (ts.id, ts.feature_views))
        self.assertEqual(35, ts.frame.loc[0, "age"])
        upload = next(r for r in self.fake.requests if r["path"] == "/api/v1/training-sets")
        self.assertEqual(b"customer_id,event_time,bad\nC1,2023-01-01T00:00:00Z,0\n", upload["body"])
        self.assertEqual({"featureService": ["svc"], "excludeCreatedAfter": ["true"]}, upload["query"])
        self.assertEqual({"trainingSet": {"id": "ts-1", "sha256": record["contentSha256"]},
                          "featureViews": ["customer_profile@2"]}, ts.lineage())

    def test_a_reproduction_is_requested_and_followed_to_its_verdict(self):
        path = "/api/v1/models/m/versions/2/reproductions"
        self.fake.json("POST", path, {"id": "r-1", "status": "QUEUED"}, 202)
        states = iter([{"id": "r-1", "status": "RUNNING"},
                       {"id": "r-1", "status": "SUCCEEDED", "verdict": "IDENTICAL", "differences": []}])
        self.fake.routes[("GET", path + "/r-1")] = lambda _: (200, {}, json.dumps(next(states)).encode())

        reproduction = self.steward.reproduce("m", 2, rebuild_from_sources=False)

        self.assertEqual("IDENTICAL", reproduction["verdict"])
        request = next(r for r in self.fake.requests if r["path"] == path)
        self.assertEqual({"rebuildFromSources": False}, json.loads(request["body"]))

    def test_a_reproduction_that_could_not_run_raises_with_the_registry_s_reason(self):
        path = "/api/v1/models/m/versions/2/reproductions"
        self.fake.json("POST", path, {"id": "r-2", "status": "QUEUED"}, 202)
        self.fake.json("GET", path + "/r-2", {"id": "r-2", "status": "FAILED", "failure": "the token expired"})
        with self.assertRaisesRegex(StewardError, "reproduction of m version 2 failed.*the token expired"):
            self.steward.reproduce("m", 2)

    def test_rows_that_are_not_the_recorded_snapshot_are_refused(self):
        record = self._snapshot(b"customer_id,event_time,age\nC1,2023-01-01T00:00:00Z,36\n",
                                recorded=b"customer_id,event_time,age\nC1,2023-01-01T00:00:00Z,35\n")
        with self.assertRaisesRegex(IntegrityError, "training set ts-1 is not the recorded snapshot"):
            self.steward.load_training_set(record)

    def test_a_version_is_registered_as_multipart_with_the_snapshot_in_its_lineage(self):
        record = self._snapshot(b"customer_id,event_time,age\nC1,2023-01-01T00:00:00Z,35\n")
        ts = self.steward.load_training_set(record)
        self.fake.json("POST", "/api/v1/models/m/versions", {
            "model": "m", "version": 3, "status": "dev", "format": "onnx", "artifactSha256": "ab",
            "reproducibilityEvidence": {"complete": False,
                                        "present": [{"evidence": "training-set", "detail": "snapshot ts-1"}],
                                        "missing": [{"evidence": "seeds", "detail": "no seeds"}]}}, 201)

        version = self.steward.register_version("m", b"\x08onnx", training_set=ts, lineage={"seeds": {"split": 7}},
                                                input_signature={"fields": [{"name": "age", "type": "number"}]})

        self.assertEqual((3, ["training-set"], ["seeds"]),
                         (version.version, version.reproducibility.present_kinds, version.reproducibility.missing_kinds))
        sent = self.fake.requests[-1]
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + sent["headers"]["Content-Type"].encode() + b"\r\n\r\n" + sent["body"])
        parts = {p.get_param("name", header="content-disposition"): p for p in message.iter_parts()}
        metadata = json.loads(parts["metadata"].get_content())
        self.assertEqual(b"\x08onnx", parts["artifact"].get_content())
        self.assertEqual(hashlib.sha256(b"\x08onnx").hexdigest(), metadata["artifactSha256"])
        self.assertEqual({"trainingSet": {"id": "ts-1", "sha256": record["contentSha256"]},
                          "featureViews": ["customer_profile@2"], "seeds": {"split": 7}}, metadata["lineage"])
        with self.assertRaisesRegex(ValueError, "contradicts the training set"):
            self.steward.register_version("m", b"x", training_set=ts, lineage={"featureViews": []},
                                          input_signature={"fields": []})


if __name__ == "__main__":
    unittest.main()
