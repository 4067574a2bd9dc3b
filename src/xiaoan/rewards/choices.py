"""States, outcomes and kinds of reward reports (有奖举报), with their Chinese labels."""

from django.db import models


class ReportState(models.TextChoices):
    SUBMITTED = "submitted", "待核实"
    VERIFIED = "verified", "属实，待定奖"
    DECIDED = "decided", "已定奖，待审批"
    APPROVED = "approved", "已审批，待发放"
    PAID = "paid", "奖励已发放"
    NO_REWARD = "no_reward", "属实，不予奖励"
    REJECTED = "rejected", "经核实不属实"
    DUPLICATE = "duplicate", "重复举报"


#: states in which the report is finished: the reporter is asked for satisfaction
CLOSED_STATES = frozenset(
    {ReportState.PAID, ReportState.NO_REWARD, ReportState.REJECTED, ReportState.DUPLICATE}
)

#: what the reporter sees on the public status page (no staff-only wording)
PUBLIC_LABELS: dict[str, str] = {
    ReportState.SUBMITTED: "已受理，正在核实",
    ReportState.VERIFIED: "经核实属实，正在评定奖励",
    ReportState.DECIDED: "经核实属实，奖励审批中",
    ReportState.APPROVED: "奖励已批准，等待发放",
    ReportState.PAID: "奖励已发放，办结",
    ReportState.NO_REWARD: "经核实属实，不予奖励，办结",
    ReportState.REJECTED: "经核实不属实，办结",
    ReportState.DUPLICATE: "重复举报，办结",
}


class Verdict(models.TextChoices):
    TRUE = "true", "属实"
    FALSE = "false", "不属实"
    DUPLICATE = "duplicate", "重复举报"


class PayoutMethod(models.TextChoices):
    BANK = "bank", "银行转账"
    WECHAT = "wechat", "微信"
    ALIPAY = "alipay", "支付宝"
    CASH = "cash", "现金"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class SmsStatus(models.TextChoices):
    RECORDED = "recorded", "已记录（开发环境未实际发送）"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"
