"""Shared security mechanisms of core: the client's address behind proxies and the safe CSV writer."""

import csv
import io

import pytest
from django.test import RequestFactory

from twinning.core.csv_export import csv_response, csv_text, safe_cell
from twinning.core.net import client_ip, local_path

# --- Paths to go back or on to ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/el/contacts/", "/en/partners/?q=stem&page=2", " /el/messages/3/ ", "/el/search/?q=%09"]
)
def test_a_path_of_this_site_is_kept(url):
    assert local_path(url) == url.strip()


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "/\t/evil.example/",
        "/\n/evil.example/",
        "javascript:alert(1)",
        "el/contacts/",
        "/" + "a" * 400,
    ],
)
def test_anything_else_is_refused(url):
    assert local_path(url) == ""


# --- The client's address --------------------------------------------------------------------------------


def _request(remote="127.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_the_peer_is_the_client_and_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_one_proxy_the_last_hop_is_the_client_and_a_spoofed_hop_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The visitor sent "X-Forwarded-For: 6.6.6.6"; nginx appended the address it saw.
    assert client_ip(_request("127.0.0.1", "6.6.6.6, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(_request("127.0.0.1", "203.0.113.9")) == "203.0.113.9"


def test_behind_two_proxies_the_second_hop_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.1")) == "203.0.113.9"


def test_garbage_in_the_header_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("127.0.0.1", "not-an-address")) == "127.0.0.1"
    assert client_ip(_request("127.0.0.1", "[2001:db8::7]:443")) == "2001:db8::7"


# --- CSV ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ['=HYPERLINK("http://evil")', "+30 210 1234567", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_cells_are_neutralised(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Μαρία", "1ο Γυμνάσιο", "mail@school.example", ""])
def test_ordinary_text_is_written_as_it_is(value):
    assert safe_cell(value) == value


def test_numbers_stay_numbers():
    assert safe_cell(-5) == -5 and safe_cell(2.5) == 2.5 and safe_cell(None) == ""


def test_csv_text_neutralises_header_and_rows_and_keeps_quotes_round_trip():
    text = csv_text(["name", "=cmd"], [["=1+1", 'a "quoted", text']])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["name", "'=cmd"], ["'=1+1", 'a "quoted", text']]


def test_csv_response_starts_with_a_bom_for_spreadsheets():
    response = csv_response("x.csv", ["a"], [["Ελλάδα"]])
    assert response.content.startswith("\ufeff".encode())
    assert "filename*=UTF-8''x.csv" in response["Content-Disposition"]
