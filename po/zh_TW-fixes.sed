# Corrections applied after OpenCC's s2twp conversion when
# po/update-translations fills zh_TW.po. s2twp is tuned for general and
# software text; laiting speaks of community halls, service counters, SMS
# replies and GSM modems, where some of its choices read wrong in Taiwan.
# Each line rewrites OpenCC's output, never the source text.

# Punctuation: Taiwan quotes with corner brackets.
s/“/「/g
s/”/」/g
s/‘/『/g
s/’/』/g

# 社区 is a residential community (社區), not an online one (社群);
# 小区 (housing estate) reads best as 社區 too.
s/社群/社區/g
s/小區/社區/g
# 窗口登记: registered at the service counter, not in a computer window.
s/視窗登記/櫃檯登記/g
# 代码 here is an origin or category code, never program source.
s/來原始碼/來源代碼/g
s/程式碼/代碼/g
# 回复 is always "reply to an SMS"; 保存 a receipt means keep it.
s/回復/回覆/g
s/請儲存/請保存/g
# Thanking a resident for their support, not for technical support.
s/您的支援/您的支持/g
s/許可權/權限/g
s/配置檔案/設定檔/g
s/配置/設定/g
# 短信猫 is the GSM modem.
s/簡訊貓/簡訊數據機/g
s/發件箱/寄件匣/g
s/渠道/管道/g
s/當前/目前/g
s/不全屏/不使用全螢幕/g
s/全屏/全螢幕/g
s/熱敏紙/感熱紙/g
s/按回車/按 Enter 鍵/g
s/回車/Enter 鍵/g
s/校驗碼/檢查碼/g
s/反饋/回饋/g
s/質量/品質/g
s/生成/產生/g

# The digit 1 read out in a number is 幺 (yāo) in Taiwan too; OpenCC takes
# it for the 么 of 什么.
s/^么$/幺/
