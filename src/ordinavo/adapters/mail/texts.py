"""The words of every mail in English, German and Arabic, as Jinja2 snippets over customer-facing
values only (names, titles, formatted dates, links). The layouts beside them (`templates/`) put
them together as HTML (autoescaped) and plain text."""

from __future__ import annotations

from typing import Any

Texts = dict[str, Any]

COMMON: dict[str, Texts] = {
    "en": {
        "greeting": "Hello {{ name }},",
        "signature": "{{ tenant }}",
        "unsubscribe": "Stop e-mails of this kind",
    },
    "de": {
        "greeting": "Hallo {{ name }},",
        "signature": "{{ tenant }}",
        "unsubscribe": "Keine E-Mails dieser Art mehr erhalten",
    },
    "ar": {
        "greeting": "مرحبًا {{ name }}،",
        "signature": "{{ tenant }}",
        "unsubscribe": "إيقاف الرسائل من هذا النوع",
    },
}

KINDS: dict[str, dict[str, Texts]] = {
    "invitation": {
        "en": {
            "subject": "Your invitation to the {{ tenant }} customer portal",
            "paragraphs": [
                "{{ tenant }} invites you to its customer portal, where you can follow your "
                "requests, appointments and shared reports.",
                "Open this link to set your password and accept the invitation (valid until "
                "{{ expires }}).",
            ],
            "action": "Accept the invitation",
            "closing": ["If you did not expect this message, you can ignore it."],
        },
        "de": {
            "subject": "Ihre Einladung zum Kundenportal von {{ tenant }}",
            "paragraphs": [
                "{{ tenant }} lädt Sie zum Kundenportal ein. Dort verfolgen Sie Ihre Anfragen, "
                "Termine und freigegebenen Berichte.",
                "Öffnen Sie diesen Link, um Ihr Passwort festzulegen und die Einladung "
                "anzunehmen (gültig bis {{ expires }}).",
            ],
            "action": "Einladung annehmen",
            "closing": [
                "Wenn Sie diese Nachricht nicht erwartet haben, können Sie sie ignorieren."
            ],
        },
        "ar": {
            "subject": "دعوتك إلى بوابة عملاء {{ tenant }}",
            "paragraphs": [
                "تدعوك {{ tenant }} إلى بوابة العملاء حيث يمكنك متابعة طلباتك ومواعيدك "
                "والتقارير المشتركة.",
                "افتح هذا الرابط لتعيين كلمة المرور وقبول الدعوة (صالح حتى {{ expires }}).",
            ],
            "action": "قبول الدعوة",
            "closing": ["إذا لم تكن تتوقع هذه الرسالة فيمكنك تجاهلها."],
        },
    },
    "password_reset": {
        "en": {
            "subject": "Reset your {{ tenant }} portal password",
            "paragraphs": [
                "Someone asked to reset the password of your {{ tenant }} portal account. "
                "Open this link within one hour to choose a new password."
            ],
            "action": "Choose a new password",
            "closing": ["If this was not you, ignore this message; your password stays as it is."],
        },
        "de": {
            "subject": "Passwort für das Portal von {{ tenant }} zurücksetzen",
            "paragraphs": [
                "Für Ihr Konto im Portal von {{ tenant }} wurde ein neues Passwort angefordert. "
                "Öffnen Sie diesen Link innerhalb einer Stunde."
            ],
            "action": "Neues Passwort wählen",
            "closing": [
                "Wenn Sie das nicht waren, ignorieren Sie diese Nachricht; Ihr Passwort bleibt "
                "unverändert."
            ],
        },
        "ar": {
            "subject": "إعادة تعيين كلمة مرور بوابة {{ tenant }}",
            "paragraphs": [
                "طلب أحدهم إعادة تعيين كلمة مرور حسابك في بوابة {{ tenant }}. افتح هذا الرابط "
                "خلال ساعة واحدة لاختيار كلمة مرور جديدة."
            ],
            "action": "اختيار كلمة مرور جديدة",
            "closing": ["إذا لم تكن أنت، فتجاهل هذه الرسالة وستبقى كلمة المرور كما هي."],
        },
    },
    "request_received": {
        "en": {
            "subject": "We received your request: {{ title }}",
            "paragraphs": ["Thank you. Your request “{{ title }}” has reached {{ tenant }}."],
            "action": "Open the request",
        },
        "de": {
            "subject": "Ihre Anfrage ist eingegangen: {{ title }}",
            "paragraphs": [
                "Vielen Dank. Ihre Anfrage „{{ title }}“ ist bei {{ tenant }} eingegangen."
            ],
            "action": "Anfrage öffnen",
        },
        "ar": {
            "subject": "استلمنا طلبك: {{ title }}",
            "paragraphs": ["شكرًا لك. وصل طلبك «{{ title }}» إلى {{ tenant }}."],
            "action": "فتح الطلب",
        },
    },
    "request_under_review": {
        "en": {
            "subject": "Your request is being reviewed: {{ title }}",
            "paragraphs": ["{{ tenant }} is now reviewing your request “{{ title }}”."],
            "action": "Open the request",
        },
        "de": {
            "subject": "Ihre Anfrage wird geprüft: {{ title }}",
            "paragraphs": ["{{ tenant }} prüft jetzt Ihre Anfrage „{{ title }}“."],
            "action": "Anfrage öffnen",
        },
        "ar": {
            "subject": "طلبك قيد المراجعة: {{ title }}",
            "paragraphs": ["تراجع {{ tenant }} الآن طلبك «{{ title }}»."],
            "action": "فتح الطلب",
        },
    },
    "request_accepted": {
        "en": {
            "subject": "Your request was accepted: {{ title }}",
            "paragraphs": [
                "Good news: {{ tenant }} accepted your request “{{ title }}”. We will let you "
                "know when a visit is planned."
            ],
            "action": "Open the request",
        },
        "de": {
            "subject": "Ihre Anfrage wurde angenommen: {{ title }}",
            "paragraphs": [
                "{{ tenant }} hat Ihre Anfrage „{{ title }}“ angenommen. Wir melden uns, sobald "
                "ein Termin geplant ist."
            ],
            "action": "Anfrage öffnen",
        },
        "ar": {
            "subject": "تم قبول طلبك: {{ title }}",
            "paragraphs": [
                "قبلت {{ tenant }} طلبك «{{ title }}». سنخبرك عندما يتم تحديد موعد الزيارة."
            ],
            "action": "فتح الطلب",
        },
    },
    "request_declined": {
        "en": {
            "subject": "Your request was declined: {{ title }}",
            "paragraphs": [
                "{{ tenant }} declined your request “{{ title }}”.",
                "The reason given: {{ reason }}",
            ],
            "action": "Open the request",
        },
        "de": {
            "subject": "Ihre Anfrage wurde abgelehnt: {{ title }}",
            "paragraphs": [
                "{{ tenant }} hat Ihre Anfrage „{{ title }}“ abgelehnt.",
                "Begründung: {{ reason }}",
            ],
            "action": "Anfrage öffnen",
        },
        "ar": {
            "subject": "تم رفض طلبك: {{ title }}",
            "paragraphs": ["رفضت {{ tenant }} طلبك «{{ title }}».", "السبب: {{ reason }}"],
            "action": "فتح الطلب",
        },
    },
    "request_planned": {
        "en": {
            "subject": "A visit is planned for your request: {{ title }}",
            "paragraphs": [
                "{{ tenant }} planned a visit for your request “{{ title }}”: {{ when }} at "
                "{{ location }}."
            ],
            "action": "Open the request",
        },
        "de": {
            "subject": "Für Ihre Anfrage ist ein Termin geplant: {{ title }}",
            "paragraphs": [
                "{{ tenant }} hat für Ihre Anfrage „{{ title }}“ einen Termin geplant: {{ when }}, "
                "{{ location }}."
            ],
            "action": "Anfrage öffnen",
        },
        "ar": {
            "subject": "تم تحديد زيارة لطلبك: {{ title }}",
            "paragraphs": [
                "حددت {{ tenant }} زيارة لطلبك «{{ title }}»: {{ when }} في {{ location }}."
            ],
            "action": "فتح الطلب",
        },
    },
    "visit_planned": {
        "en": {
            "subject": "Visit planned: {{ when_short }}",
            "paragraphs": [
                "{{ tenant }} planned a visit at {{ location }}: {{ when }}.",
                "Work: {{ title }}",
            ],
            "action": "See your visits",
        },
        "de": {
            "subject": "Termin geplant: {{ when_short }}",
            "paragraphs": [
                "{{ tenant }} hat einen Termin geplant, {{ location }}: {{ when }}.",
                "Auftrag: {{ title }}",
            ],
            "action": "Ihre Termine ansehen",
        },
        "ar": {
            "subject": "تم تحديد زيارة: {{ when_short }}",
            "paragraphs": [
                "حددت {{ tenant }} زيارة في {{ location }}: {{ when }}.",
                "العمل: {{ title }}",
            ],
            "action": "عرض زياراتك",
        },
    },
    "visit_rescheduled": {
        "en": {
            "subject": "Visit moved: {{ when_short }}",
            "paragraphs": [
                "{{ tenant }} moved the visit at {{ location }}. The new time: {{ when }}.",
                "Work: {{ title }}",
            ],
            "action": "See your visits",
        },
        "de": {
            "subject": "Termin verschoben: {{ when_short }}",
            "paragraphs": [
                "{{ tenant }} hat den Termin ({{ location }}) verschoben. Neuer "
                "Termin: {{ when }}.",
                "Auftrag: {{ title }}",
            ],
            "action": "Ihre Termine ansehen",
        },
        "ar": {
            "subject": "تم تغيير موعد الزيارة: {{ when_short }}",
            "paragraphs": [
                "غيرت {{ tenant }} موعد الزيارة في {{ location }}. الموعد الجديد: {{ when }}.",
                "العمل: {{ title }}",
            ],
            "action": "عرض زياراتك",
        },
    },
    "visit_cancelled": {
        "en": {
            "subject": "Visit cancelled: {{ when_short }}",
            "paragraphs": [
                "{{ tenant }} cancelled the visit at {{ location }} planned for {{ when }}.",
                "Work: {{ title }}",
            ],
            "action": "See your visits",
        },
        "de": {
            "subject": "Termin abgesagt: {{ when_short }}",
            "paragraphs": [
                "{{ tenant }} hat den Termin ({{ location }}) am {{ when }} abgesagt.",
                "Auftrag: {{ title }}",
            ],
            "action": "Ihre Termine ansehen",
        },
        "ar": {
            "subject": "تم إلغاء الزيارة: {{ when_short }}",
            "paragraphs": [
                "ألغت {{ tenant }} الزيارة في {{ location }} المحددة في {{ when }}.",
                "العمل: {{ title }}",
            ],
            "action": "عرض زياراتك",
        },
    },
    "visit_reminder": {
        "en": {
            "subject": "Reminder: visit tomorrow, {{ when_short }}",
            "paragraphs": [
                "A reminder: {{ tenant }} visits {{ location }} tomorrow, {{ when }}.",
                "Work: {{ title }}",
            ],
            "action": "See your visits",
        },
        "de": {
            "subject": "Erinnerung: Termin morgen, {{ when_short }}",
            "paragraphs": [
                "Zur Erinnerung: {{ tenant }} kommt morgen, {{ when }}, {{ location }}.",
                "Auftrag: {{ title }}",
            ],
            "action": "Ihre Termine ansehen",
        },
        "ar": {
            "subject": "تذكير: زيارة غدًا، {{ when_short }}",
            "paragraphs": [
                "للتذكير: تزور {{ tenant }} {{ location }} غدًا، {{ when }}.",
                "العمل: {{ title }}",
            ],
            "action": "عرض زياراتك",
        },
    },
    "report_published": {
        "en": {
            "subject": "A visit report was shared with you: {{ title }}",
            "paragraphs": ["{{ tenant }} shared the visit report “{{ title }}”."],
            "files_intro": "Files you can download in the portal:",
            "action": "Read the report",
        },
        "de": {
            "subject": "Ein Besuchsbericht wurde für Sie freigegeben: {{ title }}",
            "paragraphs": ["{{ tenant }} hat den Besuchsbericht „{{ title }}“ freigegeben."],
            "files_intro": "Dateien, die Sie im Portal herunterladen können:",
            "action": "Bericht lesen",
        },
        "ar": {
            "subject": "تمت مشاركة تقرير زيارة معك: {{ title }}",
            "paragraphs": ["شاركت {{ tenant }} تقرير الزيارة «{{ title }}»."],
            "files_intro": "ملفات يمكنك تنزيلها من البوابة:",
            "action": "قراءة التقرير",
        },
    },
    "follow_up_planned": {
        "en": {
            "subject": "Follow-up work planned{% if location %}: {{ location }}{% endif %}",
            "paragraphs": [
                "{{ tenant }} planned follow-up work{% if location %} at {{ location }}"
                "{% endif %}. We will tell you when the visit is planned.",
                "{{ note }}",
            ],
            "action": "See your visits",
        },
        "de": {
            "subject": "Folgearbeiten geplant{% if location %}: {{ location }}{% endif %}",
            "paragraphs": [
                "{{ tenant }} hat Folgearbeiten geplant{% if location %} ({{ location }})"
                "{% endif %}. Wir melden uns, sobald der Termin feststeht.",
                "{{ note }}",
            ],
            "action": "Ihre Termine ansehen",
        },
        "ar": {
            "subject": "تم تحديد أعمال متابعة{% if location %}: {{ location }}{% endif %}",
            "paragraphs": [
                "حددت {{ tenant }} أعمال متابعة{% if location %} في {{ location }}{% endif %}. "
                "سنخبرك عندما يتم تحديد موعد الزيارة.",
                "{{ note }}",
            ],
            "action": "عرض زياراتك",
        },
    },
    "staff_new_request": {
        "en": {
            "subject": "New request from {{ customer }}: {{ title }}",
            "paragraphs": [
                "{{ customer }} sent the request “{{ title }}”{% if location %} for "
                "{{ location }}{% endif %}. It waits in the review queue."
            ],
            "action": "Open the review queue",
        },
        "de": {
            "subject": "Neue Anfrage von {{ customer }}: {{ title }}",
            "paragraphs": [
                "{{ customer }} hat die Anfrage „{{ title }}“{% if location %} für "
                "{{ location }}{% endif %} gesendet. Sie wartet auf Prüfung."
            ],
            "action": "Prüfliste öffnen",
        },
        "ar": {
            "subject": "طلب جديد من {{ customer }}: {{ title }}",
            "paragraphs": [
                "أرسل {{ customer }} الطلب «{{ title }}»{% if location %} لـ {{ location }}"
                "{% endif %}. ينتظر المراجعة."
            ],
            "action": "فتح قائمة المراجعة",
        },
    },
    "staff_portal_comment": {
        "en": {
            "subject": "{{ customer }} wrote on the request {{ title }}",
            "paragraphs": ["{{ customer }} wrote a comment on the request “{{ title }}”."],
            "action": "Open the request",
        },
        "de": {
            "subject": "{{ customer }} hat zur Anfrage {{ title }} geschrieben",
            "paragraphs": ["{{ customer }} hat die Anfrage „{{ title }}“ kommentiert."],
            "action": "Anfrage öffnen",
        },
        "ar": {
            "subject": "كتب {{ customer }} على الطلب {{ title }}",
            "paragraphs": ["كتب {{ customer }} تعليقًا على الطلب «{{ title }}»."],
            "action": "فتح الطلب",
        },
    },
    "staff_webhook_disabled": {
        "en": {
            "subject": "A webhook endpoint was disabled: {{ endpoint }}",
            "paragraphs": [
                "The webhook endpoint {{ endpoint }} was disabled: {{ reason }}. Connected "
                "systems receive nothing through it until a tenant admin enables it again."
            ],
            "action": "Open the webhook settings",
        },
        "de": {
            "subject": "Ein Webhook-Endpunkt wurde deaktiviert: {{ endpoint }}",
            "paragraphs": [
                "Der Webhook-Endpunkt {{ endpoint }} wurde deaktiviert: {{ reason }}. "
                "Verbundene Systeme erhalten nichts mehr, bis er wieder aktiviert wird."
            ],
            "action": "Webhook-Einstellungen öffnen",
        },
        "ar": {
            "subject": "تم تعطيل نقطة استقبال webhook: {{ endpoint }}",
            "paragraphs": [
                "تم تعطيل نقطة الاستقبال {{ endpoint }}: {{ reason }}. لن تستقبل الأنظمة "
                "المتصلة شيئًا حتى يعيد مسؤول تفعيلها."
            ],
            "action": "فتح إعدادات webhook",
        },
    },
}

RIGHT_TO_LEFT = frozenset({"ar"})
