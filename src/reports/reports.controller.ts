import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../http/openapi';
import { notFound } from '../http/problem';
import { FileReportDto, ReportReceipt, ReportReceiptList } from './reports.dto';
import { ReportsService } from './reports.service';

const RECEIPT = /^QZBG-\d{8}-[0-9A-F]{8}$/;

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @Can('report.file')
  @HttpCode(201)
  @ApiOperation({ summary: 'File a 强制报告 (mandated reporter): opens a mandatory_report case at the child’s address; answers a receipt' })
  @ApiCreatedResponse({ type: ReportReceipt })
  @ApiProblems(409, 422)
  file(@CurrentPrincipal() principal: Principal, @Body() dto: FileReportDto): Promise<ReportReceipt> {
    return this.reports.file(principal, dto);
  }

  @Get()
  @Can('report.read-own')
  @ApiOperation({ summary: 'Your own reports: status and outcome notice only' })
  @ApiOkResponse({ type: ReportReceiptList })
  async mine(@CurrentPrincipal() principal: Principal): Promise<ReportReceiptList> {
    return { items: await this.reports.mine(principal) };
  }

  @Get(':receipt')
  @Can('report.read-own')
  @ApiOperation({ summary: 'One of your reports by its receipt number: status and outcome notice only' })
  @ApiOkResponse({ type: ReportReceipt })
  @ApiProblems(404)
  one(@CurrentPrincipal() principal: Principal, @Param('receipt') receipt: string): Promise<ReportReceipt> {
    if (!RECEIPT.test(receipt)) throw notFound('report');
    return this.reports.one(principal, receipt);
  }
}
