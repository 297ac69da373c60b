"""Prefect 3 flows: they arrange the library's steps into tasks, retries, schedules and deployments.

The work itself lives in `pipeline/` and runs without Prefect. The flows arrive with the scans-to-fields issue
(`process_documents`) and the operations issue (`watch_inbox`, `nightly_batch`, `build_report`).
"""
