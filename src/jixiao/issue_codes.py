"""The codes of issues that no check emits: reading a file (EXT, INP), a rule set (RUL), the engine (ENG).

Checks are registered with their docstrings (``jixiao.checks.registry``); these codes are emitted by
readers, loaders and the batch, and are listed here so that the catalogue (``docs/checks.md``) documents
them like the others and a test keeps the list and the code in step. Codes are public: never reuse one.
"""

from __future__ import annotations

from typing import NamedTuple


class IssueCode(NamedTuple):
    severity: str  # error / warning / info
    summary: str  # what the code means, in Chinese (the message itself names the file and place)


FAMILY_TITLES = {
    "EXT": "提取已发布的报告（EXT）",
    "INP": "读取填报数据：YAML/JSON、Excel 工作簿（INP）",
    "RUL": "规则集（RUL）",
    "ENG": "引擎内部（ENG）",
}

ISSUE_CODES: dict[str, IssueCode] = {
    "EXT001": IssueCode("error", "文件无法读取，或其类型不能提取（扩展名不受支持）"),
    "EXT002": IssueCode("error", "文件过大（文本 20 MB、文档 100 MB 上限），未读取"),
    "EXT003": IssueCode("error", "不是有效的 .docx（压缩包损坏、加密或实为旧版 .doc），或无法解析"),
    "EXT004": IssueCode("error", "文档解压后体积、压缩比或部件数异常（疑似压缩炸弹），未读取"),
    "EXT005": IssueCode("error", "文本文件不是可识别的编码（可能是二进制文件）"),
    "EXT006": IssueCode("error", ".doc 文件无法转换（LibreOffice 与 antiword 均失败或超时）"),
    "EXT007": IssueCode("error", "PDF 读取超时、解析进程异常退出，或文件损坏"),
    "EXT008": IssueCode("error", "PDF 或图片中没有可识别的文字"),
    "EXT009": IssueCode("error", "网页嵌套层级异常（疑似恶意构造），未读取"),
    "EXT010": IssueCode("error", "网页或文档中没有正文文字"),
    "EXT011": IssueCode("warning", "句中的金额没有写单位，未作为金额读取"),
    "EXT012": IssueCode("warning", "扫描页未能由文字识别（OCR）读出"),
    "EXT013": IssueCode("warning", "扫描页或图片需要文字识别组件（OCR），未安装"),
    "EXT014": IssueCode("error", "图片无法读取"),
    "EXT020": IssueCode("warning", "未能识别部门（单位）名称"),
    "EXT021": IssueCode("warning", "未能识别评价年度"),
    "INP001": IssueCode("error", "输入文件不存在、类型不受支持或无法读取"),
    "INP002": IssueCode("error", "YAML/JSON 文件不是文本，或编码无法识别（应为 UTF-8 或 GBK）"),
    "INP003": IssueCode("error", "YAML/JSON 语法错误（指出行号）"),
    "INP004": IssueCode("error", "内容不是绩效自评数据（不是若干“字段: 值”，或缺少 department 和 year）"),
    "INP005": IssueCode("error", "YAML/JSON 超出上限（嵌套层级、别名引用、展开规模、数值长度或量级）"),
    "INP010": IssueCode("error", "自评数据中的字段有误（类型、取值或缺少必填字段），指出字段与行号"),
    "INP020": IssueCode("error", "不是有效的 Excel 工作簿（.xlsx），或已损坏"),
    "INP021": IssueCode("error", "工作簿设有打开密码（已加密），或是旧版 .xls 格式"),
    "INP022": IssueCode("error", "工作簿过大、解压后过大或压缩比异常，或某工作表行数超过上限"),
    "INP023": IssueCode("error", "不是 jixiao 自评填报表（缺少必需的工作表）"),
    "INP024": IssueCode("error", "单元格的值类型不对（如金额处填了文字），指出工作表与单元格"),
    "INP025": IssueCode("error", "金额或得分为负数，指出工作表与单元格"),
    "INP026": IssueCode("error", "必填单元格为空，指出工作表与单元格"),
    "INP027": IssueCode("error", "表格结构有误（指标行无法归入指标树、项目行缺少名称）"),
    "RUL001": IssueCode("error", "规则集文件有误（语法、结构或某个键的取值）"),
    "RUL002": IssueCode("error", "找不到规则集，或 extends 指向的规则集不存在"),
    "RUL003": IssueCode("error", "规则集的 extends 形成循环或层级过深"),
    "ENG001": IssueCode("error", "某项检查内部出错，已跳过（jixiao 的缺陷）"),
    "ENG002": IssueCode("error", "提取时内部出错，该文件未读出（jixiao 的缺陷）"),
    "ENG900": IssueCode("error", "批量审核中处理某文件失败（jixiao 的缺陷）"),
    "ENG901": IssueCode("error", "批量审核中处理某文件超时"),
    "ENG902": IssueCode("error", "批量审核的工作进程异常退出"),
}
