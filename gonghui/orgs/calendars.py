"""Plugs a school union's own term dates (SchoolTerm) into term periods: see `reports.calendars`."""

from gonghui.orgs.selectors import school_calendar_for

SCHOOL_CALENDAR = school_calendar_for
