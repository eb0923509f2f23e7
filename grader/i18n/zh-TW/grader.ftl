# grader 在結果周圍的文字，繁體中文（英文原文在 grader/i18n/en/grader.ftl）
# 每項檢查的說明與提示以檢查 id 為鍵，例如 tcp-echo--client-trickle-hint；
# 英文原文在檢查的程式碼中 (grader/src/labs/*.rs)

## 單項檢查的狀態（表格中最多 5 欄寬）
status-passed = 通過
status-failed = 失敗
status-not-implemented = todo
status-build-failed = 建置
status-error = ERROR
status-not-applicable = n/a

## grader grade：表格
table-lab = 實驗
table-checks = 檢查
table-points = 分數
table-total = 總計 { $score }/{ $max } 分 ({ $percent }%)，耗時 { $seconds } 秒

## grader check：單一實驗，逐項檢查
details-hint = 提示：
details-on-the-wire = 線路上 (on the wire)：
details-points = { $score }/{ $max } 分

## grader status：每個實驗的進度
progress-done = 完成
progress-failing = 未通過
progress-not-started = 尚未開始
progress-does-not-compile = 無法編譯
status-checks = { $count } 項檢查
status-todo = { $count } 個 todo
status-summary = 已完成 { $done }/{ $labs } 個實驗，{ $score }/{ $max } 分
status-next = 下一個：{ $lab }（{ $why }）  `grader check { $lab }` 會說明每項未通過的檢查

## grader watch
watch-title = netlabs watch：你在 labs/ 下儲存檔案時重新評分（Enter：立即評分，Ctrl-C：離開）
watch-next = 下一個：
watch-all-pass = 所有檢查都通過了，做得好！
watch-grading = 正在評分 { $labs } ...
watch-graded = 已評分 { $labs }，耗時 { $seconds } 秒；等待變更 ...

## grader list
list-lab = { $lab } ({ $folder }，{ $checks } 項檢查，{ $points } 分)

## 每項檢查的說明 (description) 與提示 (hint)

# buffers
buffers--show-default-description = 不加選項：要求 4096 位元組前後的緩衝區 (buffer) 大小與核心給 grader 的相同；TCP_NODELAY: 1
buffers--show-default-hint = 讀取 SO_SNDBUF，設定 TCP_NODELAY、SO_SNDBUF、SO_RCVBUF，再讀回來：印出 getsockopt 給的值
buffers--show-sizes-description = `--send 65536 --recv 32768`：設定後的大小與核心對同樣要求給 grader 的相同
buffers--show-sizes-hint = 把 --send 交給 SO_SNDBUF，--recv 交給 SO_RCVBUF（Linux 會各自加倍）
buffers--bench-table-description = `bench --sizes 4096,65536 --bytes 4MiB`：一行表頭、每個大小一列，4 MiB 全部傳完，數字皆為正
buffers--bench-table-hint = 計算 read() 實際回傳的位元組；到 --bytes 就停；依序每個大小印一列
buffers--bench-csv-description = `bench --sizes NKiB,1GiB --bytes B --csv`（本次執行的大小與位元組數，單位任意拼法）：CSV 表頭、每個大小一列（以位元組計）、正好傳送 B 個位元組，MiB/s 相符
buffers--bench-csv-hint = KiB、MiB 和 GiB 是 1024、1024² 和 1024³，大小寫不拘；總共絕不寫超過 --bytes；mib_per_s = bytes / 1048576 / seconds
buffers--bad-input-description = 錯誤的大小（`--send 0`、`--send abc`、`--recv lots`、`bench --sizes ,`）是用法錯誤 (exit 2)
buffers--bad-input-hint = 把大小解析為正數（可帶 KiB/MiB）；清單中的空項目是錯誤

# host-info
host-info--local-description = `Host name:` 與 `IP address:` 與 gethostname 和解析器 (resolver) 給 grader 的相同
host-info--local-hint = 向系統查詢（gethostname，再用 AF_INET 呼叫 getaddrinfo）：絕不寫死名稱
host-info--remote-localhost-description = `--remote localhost` 依解析器的結果印出 `IP address of localhost: A.B.C.D`
host-info--remote-localhost-hint = 用 getaddrinfo 與 AF_INET 解析，印出第一個 IPv4 位址
host-info--unresolvable-description = `.invalid` 名稱乾淨地失敗：一行 `NAME: <resolver error>`，exit 1
host-info--unresolvable-hint = getaddrinfo 出錯時，把 `NAME: ` 與 gai_strerror 的文字印到 stderr，然後 exit 1
host-info--addrinfo-description = `--addrinfo localhost PORT`（本次執行的埠）正好依原順序列出 getaddrinfo 的 (family, type, address) 結果
host-info--addrinfo-hint = hints 中不指定 socket 類型，每個結果印一行，依解析器的順序
host-info--reverse-description = `--reverse 127.0.0.1` 印出 getnameinfo 給 grader 的名稱
host-info--reverse-hint = 以 NI_NAMEREQD 呼叫 getnameinfo，印出 `IP: NAME`
host-info--bad-input-description = 錯誤的埠 (port)、錯誤的位址與缺少的參數都是用法錯誤 (exit 2)
host-info--bad-input-hint = 完全比對參數清單；把埠解析為 u16、位址解析為 IpAddr

# ipv4-bytes
ipv4-bytes--output-description = `pack 127.0.0.1 192.168.0.1` 與 `order 1234` 印出與原始 Python 程式相同的行
ipv4-bytes--output-hint = `IP Address: A => Packed: hex, Unpacked: A` 以及兩行 `Original: N => …`
ipv4-bytes--pack-tricky-description = 一組刁鑽的位址（127.1、1.2.256、010.0.0.1、0x7f.1、08.1.1.1、…）的轉換與 libc 的 inet_aton 相同
ipv4-bytes--pack-tricky-hint = 1 到 4 段；前導 0 為八進位、0x 為十六進位；最後一段填滿剩下的位元組；空白結束位址
ipv4-bytes--pack-matches-libc-description = 1,250 個由數字、點、x、正負號與空白組成的隨機字串：接受與轉換結果都與 libc 的 inet_aton 相同
ipv4-bytes--pack-matches-libc-hint = 像 strtoul(…, 0) 一樣讀數字：`0x` 後面要有十六進位數字，`08` 是 `0` 加上垃圾
ipv4-bytes--order-description = `order N` 以主機與網路位元組順序顯示 N，符合本機的 endianness
ipv4-bytes--order-hint = htonl 就是 u32::to_be，ntohl 就是 u32::from_be（u16 亦同）
ipv4-bytes--bad-argument-description = 錯誤的位址或數字會印出指名它的錯誤行，其他的照樣印出，exit 1
ipv4-bytes--bad-argument-hint = 逐一處理每個參數；記住失敗，最後 exit 1
ipv4-bytes--bad-input-description = 沒有命令、沒有參數或未知命令都是用法錯誤 (exit 2)
ipv4-bytes--bad-input-hint = 檢查命令，並確認後面至少跟著一個值

# nonblocking
nonblocking--trivial-description = `trivial` 印出位址，再說明 accept() 會阻塞 (block)，然後 exit 0
nonblocking--trivial-hint = 在 listener 上 set_nonblocking(true)；accept 以 WouldBlock 失敗時就是 Ok(None)
nonblocking--concurrent-clients-description = 100 個用戶端 (client) 同時連線，輪流傳送 3 回合：每則訊息都原樣回來
nonblocking--concurrent-clients-hint = poll listener 與每個用戶端；讀到什麼就回傳什麼；絕不卡在單一用戶端上
nonblocking--idle-client-description = 連線後一句話都不說的用戶端不會拖住任何人
nonblocking--idle-client-hint = 只有在 poll 說可讀時才讀取該用戶端
nonblocking--one-thread-description = 三個用戶端連線時，伺服器 (server) 正好只有一個執行緒 (/proc/PID/status)，且沒有子行程
nonblocking--one-thread-hint = 不用 thread::spawn，不用 fork：一個 poll 迴圈服務所有人
nonblocking--idle-cpu-description = 閒置的伺服器（一個用戶端連線且沉默）在 0.7 秒內幾乎不用 CPU，且最多醒來 20 次
nonblocking--idle-cpu-hint = 以 timeout -1 呼叫 poll 會睡到有事發生；只有在有待送資料時才要求 POLLOUT
nonblocking--slow-reader-description = 只寫不讀 4 MiB 的用戶端不會卡住任何人，之後依序拿回全部 4 MiB
nonblocking--slow-reader-hint = 把 socket 設為非阻塞，保留 write() 沒收下的部分，輸出堆積的用戶端就暫停讀取
nonblocking--flooder-leaves-description = 緩衝區很小的用戶端只寫不讀地灌入資料，然後在伺服器還握著它未送出的回傳時關閉，另一個用戶端重設連線：其他人仍然得到服務，兩個 socket 都被關閉
nonblocking--flooder-leaves-hint = 某個用戶端的寫入錯誤（EPIPE、ECONNRESET）只關閉那個用戶端；丟棄它待送的輸出
nonblocking--bad-input-description = 錯誤的埠（`abc`、`99999`）、未知或缺少的命令都是用法錯誤 (exit 2)
nonblocking--bad-input-hint = 把埠解析為 u16，回報錯誤而不是 unwrap

# pi-devices
pi-devices--led-level-description = 對 led-server 送 `on`、`off`、`on`、…（每次執行 3 到 6 個）：BCM 13 依序變為 high、low、high、…，各一次，且都在回覆之前
pi-devices--led-level-hint = 用 set_state 設定 LED 腳位的電位，然後回覆 `OK led on|off`
pi-devices--relay-states-description = 依本次執行的順序對 relay-server 送選單號碼 1 到 8：每次回覆後 BCM 4、18、22、24 上的繼電器狀態都正確
pi-devices--relay-states-hint = n 為奇數 = 開，偶數 = 關，繼電器 (n+1)/2；繼電器 k 驅動 RELAY_PINS[k-1]，高電位有效
pi-devices--lcd-text-description = lcd-server：重播的 HD44780 在第 1 行顯示本次執行的每段文字，補齊或截斷為 16 欄，泰文顯示為 `?`（第 2 行保持空白）
pi-devices--lcd-text-hint = 初始化後每行：游標移到 0x80，寫入補齊的 16 個字元；先送高 nibble，EN 下降時鎖存
pi-devices--lcd-timing-description = lcd-server 的初始化與寫入不違反任何 HD44780 時序或協定規則（hw-mock 的模型）
pi-devices--lcd-timing-hint = 第一個 nibble 前等 40 ms，0x3 0x3 0x3 0x2 各自等待，先送 0x28，EN 脈衝 >= 450 ns，每位元組 37 us，清除 1.52 ms
pi-devices--climate-hot-description = SHT31 為本次執行的 45 到 85 C 及濕度時，climate-server 回覆這些值（小數一位）
pi-devices--climate-hot-hint = 原始值是無號 16 位元：T = -45 + 175 * raw / 65535，raw 為 u16 而非 i16
pi-devices--climate-cold-description = SHT31 為本次執行的 -40 到 -1 C 及濕度時，climate-server 回覆這些值（小數一位）
pi-devices--climate-cold-hint = 溫度 MSB、LSB 是位元組 0 與 1，濕度是位元組 3 與 4；RH = 100 * raw / 65535
pi-devices--climate-crc-fault-description = CRC 位元組錯誤（或回應 NACK）的感測器得到一行 `ERR`，絕不是數字
pi-devices--climate-crc-fault-hint = 對每對資料位元組計算 crc8，與其後的位元組比較
pi-devices--bad-commands-description = 垃圾資料、過長的行（包括完全沒有換行的）與非 UTF-8 得到 `ERR` 行；伺服器繼續服務
pi-devices--bad-commands-hint = 以 `ERR …` 回覆錯誤的行並繼續讀取；絕不 unwrap 用戶端的輸入
pi-devices--line-protocol-description = CRLF、連續送出 (pipelined) 的多行、` ON ` 與 `Off`，以及半關閉前沒有換行的最後一行都算數
pi-devices--line-protocol-hint = 用 BufReader 逐行讀取；串流結束時，非空的不完整行也是一個請求
pi-devices--client-led-description = `led on` / `led off` 正好送出一行 `on` / `off`，並印出回覆
pi-devices--client-led-hint = 寫入 `on\n`，關閉傳送端 (shutdown)，讀一行回覆
pi-devices--client-relay-description = `relay N` 與選單（從 stdin 選擇），號碼每次執行隨機產生，正好把號碼當作一行送出
pi-devices--client-relay-hint = 把選擇當作一行送出，例如 `3\n`；顯示選單後從 stdin 讀取選擇
pi-devices--client-lcd-description = `lcd WORD WORD WORD`（本次執行的字詞）把以空白連接的字詞當作一行送出
pi-devices--client-lcd-hint = 以空白連接參數，當作一行送出
pi-devices--client-climate-split-description = climate 回覆分段抵達（`RH=4`、`5.5\nTem`、`p=-20.0\n`）：用戶端印出兩個值
pi-devices--client-climate-split-hint = TCP 是位元組串流：逐行讀取 (BufReader::read_line) 直到拿到 RH 與 Temp
pi-devices--client-climate-error-description = 伺服器回覆 `ERR sensor: CRC mismatch`：stderr 一行，exit 1，不印任何值
pi-devices--client-climate-error-hint = `ERR` 行是要回報的錯誤，不是要解析的數字
pi-devices--server-output-description = lcd-server 的第一行與 `Data:` 行符合預期輸出，且重播的 LCD 顯示每段文字
pi-devices--server-output-hint = 先印 `Starting up LCD server on HOST port PORT`，每個請求印 `Data: LINE`
pi-devices--bad-input-description = 錯誤的選擇、命令、埠與感測器值都是用法錯誤 (exit 2)
pi-devices--bad-input-hint = 連線或 bind 之前先驗證參數；在 stderr 留下訊息並 exit 2

# reuseaddr
reuseaddr--output-description = `Old sock state: 0`、`New sock state: 1`、`Listening on port: P`，然後每個用戶端一行 `Connected by ADDR`
reuseaddr--output-hint = 不用 std 建立 socket (sys::tcp_socket_for)，讓 SO_REUSEADDR 一開始是關的；設定前後各印一次
reuseaddr--restart-with-reuse-description = 服務一個用戶端（伺服器先關閉）、停止、立刻在同一埠重新啟動：可以 bind
reuseaddr--restart-with-reuse-hint = 在 bind 之前設定 SO_REUSEADDR：核心才會在 TIME_WAIT 佔用時讓埠被重複使用
reuseaddr--restart-without-reuse-description = 同樣流程但加 `--no-reuse`（兩次都加）：重新啟動以 `Address already in use` 失敗，exit 1，一行
reuseaddr--restart-without-reuse-hint = --no-reuse 時什麼都不設（std 的 TcpListener::bind 會偷偷設定 SO_REUSEADDR）；回報 bind 錯誤
reuseaddr--max-clients-description = `--max-clients 2`：招呼並關閉兩個用戶端，然後 exit 0
reuseaddr--max-clients-hint = 計算已服務的用戶端數，滿 N 個後離開 accept 迴圈
reuseaddr--bad-input-description = `--port 99999`、`--port abc` 與 `--max-clients 0` 都是用法錯誤 (exit 2)
reuseaddr--bad-input-hint = 把埠解析為 u16，用戶端數量解析為大於 0 的數字

# roll-call
roll-call--server-output-description = 伺服器的第一行說明它在哪裡監聽 (listen)
roll-call--server-output-hint = 用綁定的位址印出 `Roll-call server listening on ADDR`，然後 flush stdout
roll-call--server-id-name-description = 同一連線上，`id\r\n` 回覆 `ID\r\n`，`name\r\n` 回覆 `NAME\r\n`
roll-call--server-id-name-hint = 每個命令回覆一行，以 \r\n 結尾；回覆後繼續讀取
roll-call--server-split-command-description = 拆成多個封包的命令（`i`，然後 `d\r\n`）在完整時只回覆一次
roll-call--server-split-command-hint = 一次 read 不等於一個命令：把位元組留在緩衝區直到收到 \n
roll-call--server-pipelined-description = 一次寫入 `id\r\nname\r\nid\r\n` 依序得到三個回覆
roll-call--server-pipelined-hint = 一次 read 可能包含多行：再次讀取前，先回覆緩衝區中每一個完整的行
roll-call--server-lf-only-description = 只以 `\n` 結尾（沒有 `\r`）的行也可以
roll-call--server-lf-only-hint = 一行在 \n 結束；前面若有 \r 就去掉
roll-call--server-unknown-command-description = 未知命令得到 `ERR` 行，連線仍可使用
roll-call--server-unknown-command-hint = 回覆 `ERR unknown command: …` 並繼續讀取；絕不 unwrap 用戶端的輸入
roll-call--server-long-line-description = 2 KiB 的長行得到 `ERR` 行；之後伺服器關閉或仍可使用，並繼續服務
roll-call--server-long-line-hint = 限制緩衝區大小 (1024 位元組)；送出 `ERR line too long`，停止寫入，稍微讀掉剩餘資料，再關閉
roll-call--server-long-line-no-newline-description = 完全沒有換行的 2 KiB 立刻得到 `ERR line too long`；正好 1 KiB 的一行（上限）不是錯誤，不論換行到達之前或之後
roll-call--server-long-line-no-newline-hint = 每次讀取後都檢查緩衝區長度，而不是只在一行完整時才檢查；超過 1024 位元組（不含 \r\n）就是太長
roll-call--server-variants-description = `  ID `、`Name`、`nAmE` 都得到回答；泰文命令得到一行文字完整的 ERR；EOF 前沒有換行的最後一個 `id` 也得到回答
roll-call--server-variants-hint = 去掉行首尾空白並用 eq_ignore_ascii_case 比較；以 UTF-8（lossy）解碼，而不是逐位元組；遇到 EOF 時回答緩衝區裡剩下的內容
roll-call--server-garbage-description = 非 UTF-8 與控制位元組得到不含原始控制字元的 `ERR` 行；不會當掉
roll-call--server-garbage-hint = 用 String::from_utf8_lossy 解碼，回傳前替換控制字元
roll-call--server-concurrent-clients-description = 同時連線的 10 個用戶端都得到回覆
roll-call--server-concurrent-clients-hint = 每個用戶端在自己的執行緒上服務，彼此不必等待
roll-call--server-idle-client-description = 沉默超過 `--idle-timeout 0.3` 的用戶端被掛斷（end of stream），伺服器繼續服務
roll-call--server-idle-client-hint = 把閒置時間設為每個連線的讀取逾時；逾時的 read 結束該連線，而不是伺服器
roll-call--client-check-in-description = 用戶端向教室伺服器點名：`Server says: OK …`，exit 0，出席已記錄
roll-call--client-check-in-hint = 以一行送出 `ID NAME\r\n`，讀取回覆直到 \n 或連線關閉
roll-call--client-duplicate-description = 第二次點名：用戶端在 stderr 印出伺服器的 `ERR duplicate` 並 exit 1
roll-call--client-duplicate-hint = 不是 `OK…` 就是失敗：印出 `roll-call: server says: ANSWER` 並 exit 1
roll-call--client-unknown-id-description = 不在名單中的學號：stderr 顯示伺服器的 `ERR unknown id`，exit 1
roll-call--client-unknown-id-hint = 不是 `OK…` 就是失敗：印出 `roll-call: server says: ANSWER` 並 exit 1
roll-call--bad-input-description = 缺少 --id 是用法錯誤 (exit 2)；連線被拒是一行訊息，exit 1
roll-call--bad-input-hint = 連線前先檢查必要選項；回報連線錯誤而不是 unwrap

# service-names
service-names--port-lookup-description = `port 7 21 22 25 53 80 88 110 443 515` 依 fixtures/services 說出每個埠的名稱
service-names--port-lookup-hint = 在 `#` 處切掉註解（即使前面沒有空白），再以任何空白分割
service-names--proto-matters-description = 埠 512、514、517 與 4242 在 tcp 與 udp 下名稱不同（或沒有名稱）
service-names--proto-matters-hint = 只有埠與協定 (protocol) 都相符時，該行才算相符
service-names--name-lookup-description = `name` 依服務 (service) 名稱與別名 (alias) 找出埠
service-names--name-lookup-hint = 把名稱與服務名稱及每個別名比較
service-names--malformed-lines-description = fixtures/services 以及本次執行所產生之檔案（帶正負號的埠 `+P/tcp`、空的協定）中格式錯誤的行被跳過，不會只讀一半；該檔案的泰文別名找得到
service-names--malformed-lines-hint = 一行需要名稱與 `PORT/PROTO`，PORT 全為數字 (0-65535) 且 PROTO 不為空
service-names--unknown-port-description = 沒有服務的埠印出 `Port: N => no service` 並 exit 1
service-names--unknown-port-hint = 把該行印到 stdout，記住失敗，最後 exit 1
service-names--scan-description = 掃描正好列出 grader 開著的埠（包括範圍的第一個和最後一個），由小到大，跳過會丟棄 SYN 的那一個，然後是摘要；單一個埠（`--ports P`）也一樣
service-names--scan-hint = 對每個埠以逾時 (timeout) 連線；收集開著的埠，排序後再印
service-names--bad-range-description = 錯誤的埠範圍（`90-80`、`0`、`70000`）與錯誤的埠都是用法錯誤 (exit 2)
service-names--bad-range-hint = 埠為 1-65535，範圍的起點不能在終點之後
service-names--missing-services-file-description = 不存在的 services 檔案是一行指名它的錯誤，exit 1
service-names--missing-services-file-hint = 連同路徑回報讀取錯誤，而不是 unwrap

# sntp-time
sntp-time--server-time-description = 時鐘為本次執行時間（1990 到 2035 年，由種子決定）的伺服器，接著是曆法邊界（2000-02-29、某年 3 月 1 日、某年 1 月 1 日）：它以 UTC 表示的 `ctime` 行、Offset、Delay
sntp-time--server-time-hint = 自 1900 年起的秒數減 2208988800 就是 Unix 時間；ctime 以空白補齊日期
sntp-time--request-format-description = 請求為 48 位元組，第一個位元組 0x23（LI 0、VN 4、mode 3），我們的傳送時間在位元組 40..48
sntp-time--request-format-hint = 位元組 0 = (4 << 3) | 3；把目前時間以 NTP 時間戳記放進 transmit 欄位
sntp-time--era-1-description = NTP 第 1 紀元 (era) 的伺服器（2040-02-29 12:00:00 UTC）：2036 年回繞後的日期正確
sntp-time--era-1-hint = 若秒數最高位元為 0，表示計數器已在 2036 年回繞：加上 2^32（RFC 4330 §3）
sntp-time--offset-delay-description = 忙碌的伺服器（晚回答，且 t3 比 t2 晚數秒）：Offset 為 ((t2-t1)+(t3-t4))/2，Delay 為 (t4-t1)-(t3-t2)，以秒為單位、小數 6 位
sntp-time--offset-delay-hint = t1：你送出的時間，t4：回覆抵達的時間（你的時鐘）；t2、t3 來自回覆
sntp-time--short-reply-description = 20 位元組的回覆：`short reply: 20 bytes, expected at least 48`，exit 1
sntp-time--short-reply-hint = 讀任何欄位前先檢查長度
sntp-time--wrong-mode-description = mode 3 (client) 的回覆：`wrong mode 3 in reply …`，exit 1
sntp-time--wrong-mode-hint = mode 是位元組 0 的低 3 位元；伺服器以 mode 4（或 5，廣播）回覆
sntp-time--kiss-of-death-description = stratum 0 且 reference id 為 `RATE`：`server sent kiss-of-death RATE`，exit 1
sntp-time--kiss-of-death-hint = stratum 0 表示「走開」：原因是以 ASCII 表示的 reference id（位元組 12..16）
sntp-time--zero-transmit-description = transmit 時間戳記為零的回覆：`zero transmit timestamp in reply`，exit 1
sntp-time--zero-transmit-hint = 沒有時間的伺服器在位元組 40..48 送 0：拒絕它
sntp-time--no-reply-description = 從不回覆的伺服器：`no reply from ADDR within T s`，exit 1，約在 T 之後
sntp-time--no-reply-hint = 在 socket 上設定讀取逾時；recv 逾時就表示沒有回覆
sntp-time--stranger-description = 另一個埠的資料包 (datagram) 先到：忽略它，印出真正伺服器的時間
sntp-time--stranger-hint = 比較 recv_from 的來源位址與伺服器的位址，然後繼續等待
sntp-time--bad-input-description = 無法解析的伺服器是一行訊息，exit 1；錯誤的 --timeout 或埠是用法錯誤 (exit 2)
sntp-time--bad-input-hint = 以一行回報解析器錯誤；把 --timeout 解析為大於 0 的秒數

# socket-errors
socket-errors--request-line-description = 伺服器正好收到 `GET /index.html HTTP/1.0\r\n\r\n`
socket-errors--request-line-hint = format!("GET {"{"}path{"}"} HTTP/1.0\r\n\r\n") 後 write_all，不多送任何東西
socket-errors--text-file-description = `--file /index.html`：stdout 是完整回應（標頭與本文），逐位元組相同，exit 0
socket-errors--text-file-hint = 讀到串流結束（read 回傳 0），每段照原樣寫到 stdout
socket-errors--binary-file-description = `--file /blob.bin`（1 MiB，包含每個位元組值）：stdout 逐位元組等於回應
socket-errors--binary-file-hint = 寫出原始位元組 (io::stdout().write_all)；絕不當作 UTF-8 文字解碼
socket-errors--reset-midway-description = 本文傳到一半就重設 (reset) 的伺服器：已收到的位元組要寫出，接著 `Error receiving data: …`，exit 1
socket-errors--reset-midway-hint = 每段一讀到就寫出，之後的錯誤才不會讓它遺失
socket-errors--closed-port-description = 沒有人監聽的埠：`Connection error: …`，exit 1
socket-errors--closed-port-hint = 把 connect 錯誤對應到它自己的訊息
socket-errors--bad-host-description = `.invalid` 主機 (host)：`Address-related error connecting to server: …`，exit 1
socket-errors--bad-host-hint = 解析名稱是獨立的步驟，有自己的訊息（to_socket_addrs 失敗）
socket-errors--bad-input-description = 缺少 --file、--host 或 --port，或埠錯誤，都是用法錯誤 (exit 2)
socket-errors--bad-input-hint = 連線前檢查每個必要選項

# tcp-echo
tcp-echo--server-hello-description = 伺服器 (server) 先印出位址，回傳本次執行的訊息，並像原始程式一樣記錄
tcp-echo--server-hello-hint = accept 之前印出 `Starting up echo server on HOST port PORT`，並 flush stdout
tcp-echo--server-large-payload-description = 1 MiB 的隨機二進位資料逐位元組原樣回來
tcp-echo--server-large-payload-hint = 迴圈：讀到什麼就全部寫回 (write_all)，直到 read 回傳 0
tcp-echo--server-sequential-clients-description = 依序連線的 100 個用戶端 (client) 都得到服務
tcp-echo--server-sequential-clients-hint = 用戶端離開後繼續 accept；每個用戶端結束時關閉它的 socket
tcp-echo--server-concurrent-clients-description = 同時連線的 10 個用戶端在任何一個離開前都得到回覆
tcp-echo--server-concurrent-clients-hint = 每個用戶端在自己的執行緒 (thread::spawn) 上服務，彼此不必等待
tcp-echo--server-half-close-description = 半關閉 (half-close) 的用戶端仍拿回每個位元組，然後是串流結束
tcp-echo--server-half-close-hint = 讀到 0 位元組（串流結束）再 return：drop 串流就會關閉它
tcp-echo--server-survives-vanishing-client-description = 在串流中途重設的用戶端不會讓伺服器掛掉
tcp-echo--server-survives-vanishing-client-hint = 某個用戶端的 write 或 read 錯誤只結束該用戶端的執行緒，絕不結束伺服器
tcp-echo--server-ipv6-description = `--host ::1` 透過 IPv6 服務
tcp-echo--server-ipv6-hint = 照給定的 (host, port) bind；不要假設是 IPv4
tcp-echo--client-output-description = 用戶端的輸出與原始程式相同（Connecting、Sending、每次讀取一行 Received、Closing），訊息是本次執行的訊息且回顯伺服器確實收到了；且不讀取超出自己 echo 的位元組
tcp-echo--client-output-hint = 每次讀 16 位元組（絕不多於尚缺的量），每段印成 `Received: …`
tcp-echo--client-trickle-description = 每次只回傳 1 到 3 位元組的伺服器：用戶端持續讀取直到全部回來
tcp-echo--client-trickle-hint = 一次 read 不是整則訊息：迴圈直到收到與送出一樣多的位元組
tcp-echo--client-early-close-description = 傳到一半就關閉的伺服器：`server closed the connection after N of M bytes`，exit 1
tcp-echo--client-early-close-hint = 在全部回來之前讀到 0 位元組，是要回報的錯誤
tcp-echo--client-ipv6-description = `--host ::1` 透過 IPv6 連線；本次執行的訊息是泰文（超出 ASCII 的 UTF-8），Received 行把它完整印出
tcp-echo--client-ipv6-hint = 用 to_socket_addrs 解析 (host, port)，不要格式化成 "{"{"}host{"}"}:{"{"}port{"}"}"
tcp-echo--bad-input-description = 錯誤的埠是用法錯誤 (exit 2)；連線被拒是一行訊息，exit 1
tcp-echo--bad-input-hint = 把 --port 解析為 u16，回報錯誤而不是 unwrap

# timeouts
timeouts--show-description = `show` 像原始程式一樣印出預設與修改後的逾時 (timeout)
timeouts--show-hint = set_read_timeout(Some(100 s)) 之前 (None) 與之後的 read_timeout()，印成 100.0
timeouts--normal-peer-description = 立即回答並保持連線開著的對端 (peer)：本次執行的訊息（含泰文）以一行抵達，並印出回覆
timeouts--normal-peer-hint = 送出帶換行的訊息，再讀到第一個換行並印出；不要等到檔案結尾 (end of file)
timeouts--slow-peer-description = 在 T/4 後才回答的對端：印出回覆（逾時不會太急）
timeouts--slow-peer-hint = 逾時以秒為單位（0.3 = 300 ms）：Duration::from_secs_f64
timeouts--silent-peer-description = 從不回答的對端：`timed out after T s waiting for reply`，exit 1，在 [T, T+0.5 s] 內
timeouts--silent-peer-hint = 設定讀取逾時；以 WouldBlock 或 TimedOut 失敗的 read 就是逾時
timeouts--drip-peer-description = 每 40 ms 送一個位元組、從不換行的對端：逾時仍在 T 觸發
timeouts--drip-peer-hint = 期限涵蓋整個回覆：每次 read 只給剩下的時間
timeouts--connect-timeout-description = accept 佇列已滿的 listener：`timed out after T s connecting to HOST:PORT`，exit 1，在 [T, T+0.5 s] 內
timeouts--connect-timeout-hint = 用 TcpStream::connect_timeout 連線，不要用 connect；它的 TimedOut 錯誤就是連線逾時
timeouts--reset-peer-description = 以重設 (reset) 連線代替回答的對端：一行指出重設的錯誤，exit 1，不是逾時
timeouts--reset-peer-hint = 只有 WouldBlock 和 TimedOut 是逾時；read 的其他錯誤照原樣回報
timeouts--bad-input-description = 錯誤的逾時（`-1`、`0`、`nan`、`abc`、超過一天）與缺少或錯誤的 --port 都是用法錯誤 (exit 2)；一天 (86400) 不是
timeouts--bad-input-hint = 把秒數解析為 f64，拒絕不是大於 0 且不超過 86400 的有限數的值

# udp-echo
udp-echo--server-output-description = 伺服器先印出位址，並像原始程式一樣記錄每個資料包 (datagram)
udp-echo--server-output-hint = 第一次 recv_from 之前印出 `Starting up echo server on HOST port PORT`，並 flush
udp-echo--server-datagram-sizes-description = 0、1、1472 與 65507 位元組的資料包原樣回來
udp-echo--server-datagram-sizes-hint = 接收到 65507 位元組（或更大）的緩衝區，空資料包也要回傳
udp-echo--server-interleaved-clients-description = 三個輪流傳送的用戶端各自拿回自己的資料包
udp-echo--server-interleaved-clients-hint = 把每個回傳送到 recv_from 回傳的位址
udp-echo--server-ipv6-description = `--host ::1` 透過 IPv6 服務
udp-echo--server-ipv6-hint = 照給定的 (host, port) bind；不要假設是 IPv4
udp-echo--client-output-description = 用戶端的輸出與原始程式相同（Connecting、Sending、received、Closing）
udp-echo--client-output-hint = 印出帶回傳內容的 `received …`，然後 `Closing connection to the server`
udp-echo--client-lossy-description = 丟掉前兩個資料包的伺服器：用戶端重送並成功
udp-echo--client-lossy-hint = 逾時後再送一次：UDP 不會幫你重送
udp-echo--client-black-hole-description = 從不回答的伺服器：`no reply after N attempts`，exit 1，在 逾時 × 次數 之內
udp-echo--client-black-hole-hint = 計算嘗試次數；最後一次逾時後，帶著錯誤放棄
udp-echo--client-stranger-description = 來自其他位址的資料包被忽略；印出真正的回傳
udp-echo--client-stranger-hint = 比較 recv_from 的來源位址與伺服器的位址
udp-echo--client-strangers-keep-coming-description = 伺服器沉默時，陌生人每 50 ms 送一個資料包：用戶端仍然在逾時 (timeout) 後放棄
udp-echo--client-strangers-keep-coming-hint = 每次嘗試只計算一次截止時間，並只等待剩下的時間；陌生人的資料包不會讓等待重新開始
udp-echo--client-ipv6-description = `--host ::1` 與 IPv6 伺服器通訊；訊息是泰文（超出 ASCII 的 UTF-8），且完整地回來
udp-echo--client-ipv6-hint = 把用戶端 socket 綁定到伺服器的位址族 (address family)（IPv6 用 [::]:0）
udp-echo--bad-input-description = 錯誤的埠與重試次數是用法錯誤 (exit 2)
udp-echo--bad-input-hint = 解析數字，回報錯誤而不是 unwrap
