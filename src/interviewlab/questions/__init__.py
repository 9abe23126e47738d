"""The interview question bank: drawing questions, interview packets, rubrics and self-checks.

Four topics (notebook to production, model drift, unseen categories and data-quality
incidents, production deployment), three levels, each question with what the interviewer is
looking for, key points and the phrasings that show them, red flags, follow-ups, an estimated
time and the notebook exercise that practises it. The bank is YAML in ``questions/bank/``,
validated against ``questions/schema.json`` when loaded.

Examples
--------
>>> from interviewlab.questions import draw, score_answer
>>> [q.topic for q in draw(2, topic="model_drift", random_state=1)]
['model_drift', 'model_drift']
"""

from interviewlab.questions._bank import (
    FollowUp,
    KeyPoint,
    Question,
    QuestionBank,
    QuestionBankError,
    load_question_bank,
    question_bank_schema,
)
from interviewlab.questions._constants import (
    ASSIGNMENTS,
    EXERCISES,
    LEVELS,
    SCORE_SCALE,
    TOPIC_TITLES,
    TOPICS,
    WRITTEN_ANSWERS,
)
from interviewlab.questions._draw import draw, select
from interviewlab.questions._render import FORMATS, mark_scheme, render_packet, render_question
from interviewlab.questions._selfcheck import PointCheck, SelfCheck, score_answer
from interviewlab.questions._widgets import MockInterviewSession, mock_interview

__all__ = [
    "ASSIGNMENTS",
    "EXERCISES",
    "FORMATS",
    "LEVELS",
    "SCORE_SCALE",
    "TOPICS",
    "TOPIC_TITLES",
    "WRITTEN_ANSWERS",
    "FollowUp",
    "KeyPoint",
    "MockInterviewSession",
    "PointCheck",
    "Question",
    "QuestionBank",
    "QuestionBankError",
    "SelfCheck",
    "draw",
    "load_question_bank",
    "mark_scheme",
    "mock_interview",
    "question_bank_schema",
    "render_packet",
    "render_question",
    "score_answer",
    "select",
]
