"""The portal's e-mails in English, German and Arabic. Only customer-facing words here."""

from __future__ import annotations

from ordinavo.application.ports.portal import MailMessage
from ordinavo.domain.contacts import Language

_INVITATION = {
    Language.ENGLISH: (
        "Your invitation to the {tenant} customer portal",
        "Hello {name},\n\n{tenant} invites you to its customer portal, where you can follow "
        "your requests, appointments and shared reports.\n\nOpen this link to set your password "
        "and accept the invitation (valid until {expires}):\n{link}\n\nIf you did not expect "
        "this message, you can ignore it.\n",
    ),
    Language.GERMAN: (
        "Ihre Einladung zum Kundenportal von {tenant}",
        "Hallo {name},\n\n{tenant} lädt Sie zum Kundenportal ein. Dort verfolgen Sie Ihre "
        "Anfragen, Termine und freigegebenen Berichte.\n\nÖffnen Sie diesen Link, um Ihr "
        "Passwort festzulegen und die Einladung anzunehmen (gültig bis {expires}):\n{link}\n\n"
        "Wenn Sie diese Nachricht nicht erwartet haben, können Sie sie ignorieren.\n",
    ),
    Language.ARABIC: (
        "دعوتك إلى بوابة عملاء {tenant}",
        "مرحبًا {name}،\n\nتدعوك {tenant} إلى بوابة العملاء حيث يمكنك متابعة طلباتك ومواعيدك "
        "والتقارير المشتركة.\n\nافتح هذا الرابط لتعيين كلمة المرور وقبول الدعوة (صالح حتى "
        "{expires}):\n{link}\n\nإذا لم تكن تتوقع هذه الرسالة فيمكنك تجاهلها.\n",
    ),
}

_RESET = {
    Language.ENGLISH: (
        "Reset your {tenant} portal password",
        "Hello {name},\n\nSomeone asked to reset the password of your {tenant} portal account. "
        "Open this link within one hour to choose a new password:\n{link}\n\nIf this was not "
        "you, ignore this message; your password stays as it is.\n",
    ),
    Language.GERMAN: (
        "Passwort für das Portal von {tenant} zurücksetzen",
        "Hallo {name},\n\nfür Ihr Konto im Portal von {tenant} wurde ein neues Passwort "
        "angefordert. Öffnen Sie diesen Link innerhalb einer Stunde:\n{link}\n\nWenn Sie das "
        "nicht waren, ignorieren Sie diese Nachricht; Ihr Passwort bleibt unverändert.\n",
    ),
    Language.ARABIC: (
        "إعادة تعيين كلمة مرور بوابة {tenant}",
        "مرحبًا {name}،\n\nطلب أحدهم إعادة تعيين كلمة مرور حسابك في بوابة {tenant}. افتح هذا "
        "الرابط خلال ساعة واحدة لاختيار كلمة مرور جديدة:\n{link}\n\nإذا لم تكن أنت، فتجاهل هذه "
        "الرسالة وستبقى كلمة المرور كما هي.\n",
    ),
}


def invitation_mail(
    *, to: str, name: str, tenant: str, link: str, expires: str, language: Language
) -> MailMessage:
    subject, body = _INVITATION[language]
    return MailMessage(
        to=to,
        subject=subject.format(tenant=tenant),
        text=body.format(name=name, tenant=tenant, link=link, expires=expires),
        language=language.value,
    )


def reset_mail(*, to: str, name: str, tenant: str, link: str, language: Language) -> MailMessage:
    subject, body = _RESET[language]
    return MailMessage(
        to=to,
        subject=subject.format(tenant=tenant),
        text=body.format(name=name, tenant=tenant, link=link),
        language=language.value,
    )
