"""``{% personal_dates enrolment cycle course as dates %}``: a self-paced learner's own start and end
(``enrolment_extra.personal_dates``), ``None`` for anyone else. No query."""

from django import template

from ..enrolment_extra import personal_dates as compute

register = template.Library()


@register.simple_tag
def personal_dates(enrolment, cycle, course):
    if enrolment is None or cycle is None or course is None:
        return None
    return compute(enrolment, cycle, course)
