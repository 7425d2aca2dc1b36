"""The case an app hands the engine: facts plus the agent's reply transcript."""

from .model import Case, Customer, Delivery, Handoff, Harm, Message, Proposal

__all__ = ["Case", "Customer", "Delivery", "Handoff", "Harm", "Message", "Proposal"]
