"""Realistic demo data: a facility-services tenant with customers in three languages."""

from __future__ import annotations

from typing import Any

DEMO_SLUG = "demo"
DEMO_NAME = "Demo Facility Services"

STAFF: list[dict[str, str]] = [
    {"role": "tenant_admin", "email": "admin@demo.ordinavo.example", "name": "Alex Admin"},
    {"role": "manager", "email": "manager@demo.ordinavo.example", "name": "Morgan Manager"},
    {"role": "dispatcher", "email": "dispatcher@demo.ordinavo.example", "name": "Dana Dispatch"},
    {"role": "employee", "email": "employee@demo.ordinavo.example", "name": "Eli Field"},
]

CUSTOMERS: list[dict[str, Any]] = [
    {
        "customer": {
            "name": "Bäckerei Sonnenschein GmbH",
            "customer_number": "C-10001",
            "type": "business",
            "industry": "Food retail",
            "email": "info@sonnenschein.example",
            "phone": "+49 30 1234567",
            "website": "https://sonnenschein.example",
            "external_references": [("erp", "DEB-4711")],
            "internal_notes": "Pays late in December; confirm orders by phone.",
        },
        "locations": [
            {
                "name": "Filiale Mitte",
                "address_line": "Torstraße 12",
                "postal_code": "10119",
                "city": "Berlin",
                "country": "DE",
                "coordinates": (52.5291, 13.4010),
                "access_notes": "Back door via courtyard, code 4711.",
                "parking_notes": "Loading bay until 7:00 only.",
                "default_work_minutes": 60,
                "default_priority": "normal",
            },
            {
                "name": "Backstube Spandau",
                "address_line": "Klosterstraße 3",
                "postal_code": "13581",
                "city": "Berlin",
                "country": "DE",
                "default_work_minutes": 120,
                "default_priority": "high",
            },
        ],
        "contacts": [
            {
                "name": "Jana Becker",
                "role": "Store manager",
                "email": "jana.becker@sonnenschein.example",
                "phone": "+49 30 1234568",
                "preferred_language": "de",
                "location": 0,
            },
            {
                "name": "Tobias Wolf",
                "role": "Head of operations",
                "department": "Operations",
                "email": "t.wolf@sonnenschein.example",
                "mobile": "+49 171 5550101",
                "preferred_contact_method": "mobile",
                "preferred_language": "de",
            },
        ],
    },
    {
        "customer": {
            "name": "Northwind Property Management Ltd",
            "customer_number": "C-10002",
            "type": "business",
            "industry": "Property management",
            "email": "facilities@northwind.example",
            "phone": "+44 20 7946 0000",
            "external_references": [("crm", "NW-0042")],
            "internal_notes": "Framework contract renews in March.",
        },
        "locations": [
            {
                "name": "Riverside Offices",
                "address_line": "1 Riverside Walk",
                "postal_code": "SE1 9PX",
                "city": "London",
                "country": "GB",
                "coordinates": (51.5055, -0.0865),
                "access_notes": "Sign in at reception; badge required.",
                "parking_notes": "Visitor bays 3-5 in the basement.",
                "default_priority": "normal",
            },
            {
                "name": "Canal Court Residences",
                "address_line": "22 Canal Street",
                "postal_code": "M1 3HE",
                "city": "Manchester",
                "country": "GB",
                "default_work_minutes": 90,
            },
        ],
        "contacts": [
            {
                "name": "Priya Shah",
                "role": "Facilities coordinator",
                "email": "priya.shah@northwind.example",
                "phone": "+44 20 7946 0001",
                "preferred_language": "en",
                "location": 0,
            },
            {
                "name": "Oliver Grant",
                "role": "Site manager",
                "email": "oliver.grant@northwind.example",
                "preferred_language": "en",
                "location": 1,
            },
        ],
    },
    {
        "customer": {
            "name": "Al Noor Retail LLC",
            "customer_number": "C-10003",
            "type": "business",
            "industry": "Retail",
            "email": "stores@alnoor.example",
            "phone": "+971 4 555 0100",
            "internal_notes": "Prefers visits before opening hours.",
        },
        "locations": [
            {
                "name": "Al Noor Deira",
                "address_line": "Al Maktoum Road 8",
                "city": "Dubai",
                "country": "AE",
                "coordinates": (25.2697, 55.3095),
                "access_notes": "Staff entrance on the north side.",
                "default_priority": "urgent",
            },
        ],
        "contacts": [
            {
                "name": "Layla Haddad",
                "role": "Store manager",
                "email": "layla.haddad@alnoor.example",
                "mobile": "+971 50 555 0199",
                "preferred_language": "ar",
                "location": 0,
            },
        ],
    },
    {
        "customer": {
            "name": "Stadtwerke Kleinhausen",
            "customer_number": "C-10004",
            "type": "public_sector",
            "industry": "Utilities",
            "email": "technik@sw-kleinhausen.example",
            "external_references": [("erp", "DEB-5100"), ("tender", "2026-17")],
        },
        "locations": [
            {
                "name": "Pumpwerk Nord",
                "address_line": "Wasserweg 1",
                "postal_code": "34567",
                "city": "Kleinhausen",
                "country": "DE",
                "access_notes": "Key at the gatehouse; safety briefing required.",
                "default_work_minutes": 240,
                "default_priority": "high",
            },
        ],
        "contacts": [
            {
                "name": "Sabine Krüger",
                "role": "Technical contact",
                "department": "Netzbetrieb",
                "email": "s.krueger@sw-kleinhausen.example",
                "phone": "+49 5601 9900",
                "preferred_contact_method": "phone",
                "preferred_language": "de",
                "location": 0,
            },
        ],
    },
    {
        "customer": {
            "name": "Harbour Logistics BV",
            "customer_number": "C-10005",
            "status": "prospect",
            "type": "business",
            "industry": "Logistics",
            "email": "ops@harbour.example",
        },
        "locations": [
            {
                "name": "Warehouse 7",
                "address_line": "Havenweg 7",
                "postal_code": "3089 JH",
                "city": "Rotterdam",
                "country": "NL",
                "default_priority": "low",
            },
        ],
        "contacts": [],
    },
]

# Portal users the demo invites and lets accept at once: (contact name, whole customer?, flags).
PORTAL_USERS: list[dict[str, Any]] = [
    {
        "contact": "Jana Becker",
        "whole_customer": False,
        "submit_requests": True,
        "see_reports": True,
        "download_attachments": False,
    },
    {
        "contact": "Priya Shah",
        "whole_customer": True,
        "submit_requests": True,
        "see_reports": True,
        "download_attachments": True,
    },
]

# Planned work: (customer number, location index, title, days ahead, start hour UTC, hours,
# confirmed). Every visit goes to the demo employee.
WORK: list[dict[str, Any]] = [
    {
        "customer": "C-10001",
        "location": 0,
        "title": "Oven maintenance",
        "days": 2,
        "hour": 6,
        "hours": 2,
        "confirmed": True,
        "internal_notes": "Bring the spare thermostat.",
    },
    {
        "customer": "C-10001",
        "location": 1,
        "title": "Cold room inspection",
        "days": 5,
        "hour": 8,
        "hours": 3,
        "confirmed": False,
        "billing_details": "Maintenance contract M-17",
    },
    {
        "customer": "C-10002",
        "location": 0,
        "title": "Lift safety check",
        "days": 3,
        "hour": 9,
        "hours": 2,
        "confirmed": True,
    },
    {
        "customer": "C-10002",
        "location": 1,
        "title": "Heating service",
        "days": 9,
        "hour": 13,
        "hours": 4,
        "confirmed": False,
    },
    {
        "customer": "C-10003",
        "location": 0,
        "title": "Air conditioning service",
        "days": 4,
        "hour": 7,
        "hours": 3,
        "confirmed": True,
    },
]

# Visit reports the demo employee wrote on the work above, by work title. "published" reports
# carry the texts written for the customer and a released service sheet.
REPORTS: list[dict[str, Any]] = [
    {
        "work": "Lift safety check",
        "title": "Lift 2: annual safety check",
        "summary": "Brakes and door sensors tested; rope wear within limits.",
        "problems": "Door sensor on floor 3 reacts late (0.8 s).",
        "follow_up": "Replace door sensor floor 3, part DS-220.",
        "billable": True,
        "internal_notes": "Customer asked for the invoice to go to facilities@.",
        "published": {
            "title": "Annual safety check of lift 2",
            "summary": "The lift passed its annual safety check. One door sensor reacts a "
            "little late; we will replace it on a short follow-up visit.",
            "message": "Thank you for giving us access to the machine room.",
        },
        "file": ("Service sheet lift 2.pdf", b"%PDF-1.4\n% Ordinavo demo service sheet\n%%EOF\n"),
    },
    {
        "work": "Oven maintenance",
        "title": "Oven maintenance: burners cleaned",
        "summary": "Burners cleaned, thermostat calibrated.",
        "problems": None,
        "follow_up": None,
        "billable": False,
        "internal_notes": None,
        "published": None,
        "file": None,
    },
]
