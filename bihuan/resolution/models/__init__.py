from .library import Scenario, VerificationChecklist
from .progress import ProgressLink
from .remedies import ApprovalRequest, ExecutionStep, NegotiationEntry, Remedy
from .verification import Evidence, Verification

__all__ = [
    "ApprovalRequest", "Evidence", "ExecutionStep", "NegotiationEntry", "ProgressLink", "Remedy",
    "Scenario", "Verification", "VerificationChecklist",
]
