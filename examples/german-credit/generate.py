#!/usr/bin/env python3
"""Split the German credit data into the feature store's views, deterministically.

The data has no ids and no dates (see data/PROVENANCE.md), so this script generates them, seeded, and says so:
- customer ids C00001..C01000, shuffled once with a fixed seed;
- an application date per customer, uniform over 2023-01-01..2024-12-31;
- a customer profile observed 1-90 days before the application, and an account history snapshot 1-60 days before;
- for one customer in ten, a LATER account-history snapshot 15-45 days after the application (one more existing
  credit): synthetic, and exactly what a point-in-time join must not leak into training.

Outputs (CSV, LF line endings) in data/: customer_profile.csv, account_history.csv, applications.csv (the entity
rows: customer_id, event_time, the request features of the loan, and the label).
Run: python3 generate.py   (standard library only; the outputs are committed, re-running reproduces them byte for byte)
"""
import csv
import datetime as dt
import os
import random

SEED = 20240101
HERE = os.path.dirname(os.path.abspath(__file__))
START = dt.datetime(2023, 1, 1, tzinfo=dt.timezone.utc)
SPAN_DAYS = 730

PROFILE = ["age_in_years", "personal_status_and_sex", "foreign_worker", "job", "housing", "present_employment_since",
           "present_residence_since", "property", "number_of_people_being_liable_to_provide_maintenance_for", "telephone"]
ACCOUNT = ["status_of_existing_checking_account", "savings_account_and_bonds", "credit_history",
           "number_of_existing_credits_at_this_bank", "other_debtors_or_guarantors", "other_installment_plans"]
LOAN = ["credit_amount", "duration_in_month", "purpose", "installment_rate_in_percentage_of_disposable_income"]
SHORT = {
    "number_of_people_being_liable_to_provide_maintenance_for": "people_liable",
    "installment_rate_in_percentage_of_disposable_income": "installment_rate",
    "number_of_existing_credits_at_this_bank": "existing_credits",
    "status_of_existing_checking_account": "checking_account",
    "savings_account_and_bonds": "savings",
    "other_debtors_or_guarantors": "other_debtors",
    "personal_status_and_sex": "personal_status_and_sex",
    "present_employment_since": "employment_since",
    "present_residence_since": "residence_since",
    "age_in_years": "age",
}


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def write(name, header, rows):
    with open(os.path.join(HERE, "data", name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    rng = random.Random(SEED)
    with open(os.path.join(HERE, "data", "german_credit.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    ids = [f"C{i:05d}" for i in range(1, len(rows) + 1)]
    rng.shuffle(ids)
    profile, account, applications = [], [], []
    for customer, row in zip(ids, rows):
        applied = START + dt.timedelta(seconds=rng.randrange(SPAN_DAYS * 86400))
        profile_time = applied - dt.timedelta(days=rng.randint(1, 90), seconds=rng.randrange(86400))
        account_time = applied - dt.timedelta(days=rng.randint(1, 60), seconds=rng.randrange(86400))
        profile.append([customer, iso(profile_time)] + [row[c] for c in PROFILE])
        account.append([customer, iso(account_time)] + [row[c] for c in ACCOUNT])
        if rng.random() < 0.1:
            later = applied + dt.timedelta(days=rng.randint(15, 45))
            values = [row[c] for c in ACCOUNT]
            values[3] = str(int(values[3]) + 1)
            account.append([customer, iso(later)] + values)
        label = 1 if row["creditability"] == "bad" else 0
        applications.append([customer, iso(applied)] + [row[c] for c in LOAN] + [label])
    account.sort(key=lambda r: (r[1], r[0]))
    profile.sort(key=lambda r: (r[1], r[0]))
    applications.sort(key=lambda r: (r[1], r[0]))
    short = lambda cols: [SHORT.get(c, c) for c in cols]
    write("customer_profile.csv", ["customer_id", "event_time"] + short(PROFILE), profile)
    write("account_history.csv", ["customer_id", "event_time"] + short(ACCOUNT), account)
    write("applications.csv", ["customer_id", "event_time"] + short(LOAN) + ["bad"], applications)


if __name__ == "__main__":
    main()
