"""The question asked before a run that cannot simply be continued is continued.

A run with no checkpoint, or whose newest checkpoint is damaged, is never restarted
silently: this dialog says what was found and offers the ways on (continue from the
newest whole checkpoint, start over from step 1) or Cancel. The words come from the
plan's codes and parameters (core/training/resume.py), in the UI language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from dpo_desktop.core.i18n import Text
from dpo_desktop.core.training.resume import Problem, ResumeChoice, ResumePlan
from dpo_desktop.gui.messages import render

translate = QCoreApplication.translate


def reason_text(problem: Problem) -> str:
    """One damaged checkpoint in plain words, e.g. "checkpoint-4: optimizer.pt is missing"
    (the reason is core's marked text with its params, translated)."""
    why = problem.params.get("reason", "")
    reason = render(why.template, dict(why.params)) if isinstance(why, Text) else str(why)
    return translate("ResumeDialog", "{checkpoint}: {reason}").format(
        checkpoint=problem.params.get("checkpoint", ""), reason=reason)


def ask_resume_choice(parent: QWidget | None, plan: ResumePlan) -> ResumeChoice | None:
    """``ask`` when nothing needs deciding; the user's choice; None for Cancel."""
    title = translate("ResumeDialog", "Continue training")
    run = plan.run_dir.name
    if plan.in_use_pid is not None:
        QMessageBox.warning(parent, title, translate(
            "ResumeDialog", "The run “{run}” is still being trained by another program "
            "(process {pid}). Wait for it to finish, or stop it there first.").format(
            run=run, pid=plan.in_use_pid))
        return None
    if not plan.needs_choice:
        return "ask"
    damaged = "; ".join(reason_text(p) for p in plan.damaged if p.code == "checkpoint_damaged")
    box = QMessageBox(QMessageBox.Icon.Question, title, "", parent=parent)
    box.setObjectName("resumeChoice")
    continue_button = None
    if plan.checkpoint is None:
        box.setText(translate("ResumeDialog", "“{run}” has no checkpoint to continue from."
                              ).format(run=run))
        why = (translate("ResumeDialog", "Damaged: {list}.").format(list=damaged) if damaged
               else translate("ResumeDialog", "It stopped before its first checkpoint was "
                                              "saved."))
        box.setInformativeText(why + "\n" + translate(
            "ResumeDialog", "You can start it over from step 1 with the same settings and "
                            "data."))
    else:
        box.setText(translate("ResumeDialog", "A checkpoint of “{run}” is damaged: {list}."
                              ).format(run=run, list=damaged))
        box.setInformativeText(translate(
            "ResumeDialog", "Continue from step {step}, the newest checkpoint that is whole, "
                            "or start the run over from step 1.").format(
            step=plan.checkpoint_step))
        continue_button = box.addButton(
            translate("ResumeDialog", "Continue from step {step}").format(
                step=plan.checkpoint_step), QMessageBox.ButtonRole.AcceptRole)
    start_over = box.addButton(translate("ResumeDialog", "Start over"),
                               QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(continue_button or start_over)
    box.exec()
    clicked = box.clickedButton()
    if continue_button is not None and clicked is continue_button:
        return "last_good"
    if clicked is start_over:
        return "start_over"
    return None
