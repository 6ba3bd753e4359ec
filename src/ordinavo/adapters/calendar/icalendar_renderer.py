"""iCalendar (RFC 5545) documents through the `icalendar` library: it folds and escapes."""

from __future__ import annotations

from icalendar import Calendar, Event

from ordinavo.application.ports.work import CalendarEvent


class ICalendarRenderer:
    def render(self, name: str, events: list[CalendarEvent]) -> bytes:
        calendar = Calendar()
        calendar.add("prodid", "-//Ordinavo//Customer portal//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", name)
        for item in events:
            event = Event()
            event.add("uid", item.uid)
            event.add("dtstamp", item.stamp)
            event.add("dtstart", item.starts_at)
            event.add("dtend", item.ends_at)
            event.add("summary", item.summary)
            event.add("location", item.location)
            event.add("description", item.description)
            event.add("status", "CONFIRMED" if item.confirmed else "TENTATIVE")
            calendar.add_component(event)
        return calendar.to_ical()
