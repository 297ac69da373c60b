"""Typed registers (spreadsheets, old databases' exports): read, stored as records, cleaned like scans."""
